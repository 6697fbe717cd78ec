// Shell: navigation, the page for the current hash route, and the token box whenever the API says 401.

import { useEffect, useState } from 'react';
import { onAuthRequired, setToken } from './api/client.js';
import { href, useRoute } from './router.js';
import { TokenBox } from './components/TokenBox.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { AlertsPage } from './pages/AlertsPage.js';
import { AlertDetailPage } from './pages/AlertDetailPage.js';
import { RulesPage } from './pages/RulesPage.js';
import { ExceptionsPage } from './pages/ExceptionsPage.js';
import { DashboardPage } from './pages/DashboardPage.js';

const NAV: Array<[string, string]> = [
  ['alerts', 'Alerts'],
  ['dashboard', 'Dashboard'],
  ['rules', 'Rules'],
  ['exceptions', 'Exceptions'],
];

export function App() {
  const route = useRoute();
  const [authReason, setAuthReason] = useState<string | null>(null);
  // Bumped after a token is entered so every page refetches with it.
  const [epoch, setEpoch] = useState(0);
  useEffect(() => onAuthRequired((reason) => setAuthReason(reason)), []);

  const [section = 'alerts', id] = route.parts;
  let page;
  if (section === 'alerts' && id) page = <AlertDetailPage id={id} />;
  else if (section === 'rules') page = <RulesPage selected={id} />;
  else if (section === 'exceptions') page = <ExceptionsPage />;
  else if (section === 'dashboard') page = <DashboardPage />;
  else page = <AlertsPage query={route.query} />;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">oddspawn</span>
        <nav>
          {NAV.map(([key, label]) => (
            <a key={key} href={href([key])} className={section === key ? 'active' : undefined} data-testid={`nav-${key}`}>
              {label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <button
          type="button"
          className="link"
          onClick={() => {
            setToken(null);
            setAuthReason('Signed out: the token was removed from this tab.');
          }}
          data-testid="change-token"
        >
          Change token
        </button>
      </header>
      <main key={epoch}>
        <ErrorBoundary resetKey={route.parts.join('/')}>{page}</ErrorBoundary>
      </main>
      {authReason !== null && (
        <TokenBox
          reason={authReason}
          onDone={() => {
            setAuthReason(null);
            setEpoch((e) => e + 1);
          }}
        />
      )}
    </div>
  );
}
