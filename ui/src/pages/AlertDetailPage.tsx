// One alert: why it fired (reason, classifier features, rarity), the process and its family, the user's
// timeline, the rule's guide, triage, and "add exception from this alert".

import { useState } from 'react';
import { api, seg } from '../api/client.js';
import { errorText, useApi } from '../api/use-api.js';
import type { AlertContext, AlertDetail, ExceptionItem, RuleInfo } from '../api/types.js';
import { dash, fmtTime } from '../format.js';
import { href } from '../router.js';
import { TopFeatures } from '../components/TopFeatures.js';
import { RarityPanel } from '../components/RarityPanel.js';
import { ProcessPanel } from '../components/ProcessPanel.js';
import { Timeline } from '../components/Timeline.js';
import { Guide } from '../components/Guide.js';
import { WorkflowPanel } from '../components/WorkflowPanel.js';
import { ExceptionForm } from '../components/ExceptionForm.js';

export function AlertDetailPage({ id }: { id: string }) {
  const detail = useApi<AlertDetail>(`alert:${id}`, (s) => api.get<AlertDetail>(`/alerts/${seg(id)}`, undefined, s));
  const context = useApi<AlertContext>(`ctx:${id}`, (s) => api.get<AlertContext>(`/alerts/${seg(id)}/context`, undefined, s));
  const ruleId = detail.data?.alert.kibana.alert.rule.rule_id;
  const rule = useApi<RuleInfo>(ruleId ? `rule:${ruleId}` : null, (s) => api.get<RuleInfo>(`/rules/${seg(ruleId ?? '')}`, undefined, s));
  const [draft, setDraft] = useState<ExceptionItem | undefined>();
  const [draftError, setDraftError] = useState<string | undefined>();
  const [flash, setFlash] = useState<string | undefined>();

  if (detail.error) return <div className="page"><p className="error">{detail.error}</p><a href={href(['alerts'])}>← Alerts</a></div>;
  const d = detail.data;
  if (!d) return <div className="page muted">Loading alert…</div>;
  const a = d.alert;
  const k = a.kibana.alert;
  const cls = a.oddspawn?.explanation?.classifier;

  const openDraft = async () => {
    setDraftError(undefined);
    try {
      setDraft(await api.get<ExceptionItem>(`/alerts/${seg(id)}/exception-draft`));
    } catch (e) {
      setFlash(errorText(e));
    }
  };
  const saveException = async (item: ExceptionItem) => {
    try {
      const created = await api.post<ExceptionItem>('/exceptions', item);
      setDraft(undefined);
      setFlash(`Exception "${created?.name ?? item.name}" added.`);
    } catch (e) {
      setDraftError(errorText(e));
    }
  };

  return (
    <div className="page detail-page" data-testid="alert-detail">
      <div className="detail-head">
        <a href={href(['alerts'])} className="back">
          ← Alerts
        </a>
        <h1>
          <span className={`sev sev-${k.severity}`}>{k.severity}</span> {k.rule.name}
        </h1>
        <p className="reason" data-testid="alert-reason">
          {k.reason}
        </p>
        <div className="facts">
          <span>
            <i>time</i> <span className="mono">{fmtTime(k.original_time)}</span>
          </span>
          <span>
            <i>user</i> <b data-testid="alert-user">{dash(a.user?.name)}</b>
            {a.user?.domain ? <span className="muted"> ({a.user.domain})</span> : null}
            {a.user?.name ? (
              <>
                {' '}
                <a href={href(['alerts'], { user: a.user.name })} className="small">
                  alerts
                </a>
              </>
            ) : null}
          </span>
          <span>
            <i>host</i> <b data-testid="alert-host">{dash(a.host?.name ?? a.host?.hostname)}</b>
            {a.host?.name ? (
              <>
                {' '}
                <a href={href(['alerts'], { host: a.host.name })} className="small">
                  alerts
                </a>
              </>
            ) : null}
          </span>
          <span>
            <i>risk</i> {k.risk_score}
          </span>
          {k.suppression && (
            <span>
              <i>suppressed</i> {k.suppression.docs_count}
            </span>
          )}
          <span className="spacer" />
          <button type="button" onClick={() => void openDraft()} data-testid="add-exception">
            Add exception from this alert
          </button>
        </div>
        {flash && (
          <p className="flash" data-testid="flash">
            {flash}
          </p>
        )}
      </div>
      <div className="panels">
        <section className="panel">
          <h3>Triage</h3>
          <WorkflowPanel key={`${d.status}|${d.assignee ?? ''}|${d.notes.length}`} id={id} detail={d} onChanged={detail.reload} />
        </section>
        <section className="panel">
          <h3>Why the classifier scored it</h3>
          {cls ? (
            <>
              <TopFeatures features={cls.top_features} probability={cls.malicious_probability} />
              {cls.override && (
                <p className="muted">
                  Override: {cls.override.action} by {cls.override.entry}
                  {cls.override.reason ? ` — ${cls.override.reason}` : ''}
                </p>
              )}
            </>
          ) : (
            <p className="muted">No classifier explanation on this alert.</p>
          )}
        </section>
        <section className="panel">
          <h3>Why it is rare</h3>
          <RarityPanel alert={a} context={context.data} />
        </section>
        <section className="panel wide">
          <h3>Process</h3>
          <ProcessPanel process={a.process} context={context.data} />
          {context.error && <p className="error">{context.error}</p>}
        </section>
        <section className="panel wide">
          <h3>The user's processes around the alert</h3>
          {context.data ? <Timeline points={context.data.timeline} alertTime={k.original_time} /> : <p className="muted">{context.error ?? 'Loading…'}</p>}
        </section>
        <section className="panel wide">
          <h3>Investigation guide</h3>
          {rule.error ? <p className="error">{rule.error}</p> : <Guide markdown={rule.data?.note} />}
        </section>
      </div>
      {draft && (
        <ExceptionForm
          title="Add exception from this alert"
          initial={draft}
          submitLabel="Add exception"
          error={draftError}
          onCancel={() => setDraft(undefined)}
          onSubmit={saveException}
        />
      )}
    </div>
  );
}
