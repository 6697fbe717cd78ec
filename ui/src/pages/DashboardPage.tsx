// Dashboard: alerts over time stacked by rule or severity, counts by severity, top users/hosts/processes.

import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { SEVERITIES, STATUSES, type CountKey, type Dashboard } from '../api/types.js';
import { fmtNum, localInputToIso, SEVERITY_COLORS } from '../format.js';
import { href } from '../router.js';
import { seriesColors, StackedBars, type Stack } from '../components/StackedBars.js';

function TopList({ title, rows, filterKey }: { title: string; rows: CountKey[]; filterKey?: 'user' | 'host' | 'q' }) {
  const max = Math.max(...rows.map((r) => r.count), 1);
  return (
    <section className="panel">
      <h3>{title}</h3>
      <table className="toplist">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="ellipsis" title={r.key}>
                {filterKey ? <a href={href(['alerts'], { [filterKey]: r.key })}>{r.key}</a> : r.key}
              </td>
              <td className="bar-cell">
                <span className="hbar" style={{ width: `${(r.count / max) * 100}%` }} />
              </td>
              <td className="num">{fmtNum(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!rows.length && <p className="muted">None.</p>}
    </section>
  );
}

export function DashboardPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [bucket, setBucket] = useState<'1h' | '1d'>('1d');
  const [by, setBy] = useState<'rule' | 'severity'>('rule');
  const q = { from: localInputToIso(from), to: localInputToIso(to), bucket };
  const dash = useApi<Dashboard>(JSON.stringify(q), (s) => api.get<Dashboard>('/dashboard', q, s));

  const chart = useMemo(() => {
    const rows = dash.data?.over_time ?? [];
    const labels: Record<string, string> = {};
    const byT = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const series = by === 'rule' ? r.rule_id : r.severity;
      labels[series] = by === 'rule' ? r.rule_name : r.severity;
      const m = byT.get(r.t) ?? new Map<string, number>();
      m.set(series, (m.get(series) ?? 0) + r.count);
      byT.set(r.t, m);
    }
    const series = by === 'severity' ? SEVERITIES.filter((s) => labels[s]) : Object.keys(labels).sort((a, b) => labels[a].localeCompare(labels[b]));
    const stacks: Stack[] = [...byT.entries()]
      .sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]))
      .map(([t, m]) => ({ t, parts: series.filter((s) => m.has(s)).map((s) => ({ series: s, count: m.get(s) ?? 0 })) }));
    return { stacks, colors: seriesColors(series, by === 'severity' ? SEVERITY_COLORS : undefined), labels };
  }, [dash.data, by]);

  const sev = dash.data?.by_severity ?? {};
  return (
    <div className="page dashboard" data-testid="dashboard">
      <div className="filters">
        <label>
          From (UTC)
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Bucket
          <select value={bucket} onChange={(e) => setBucket(e.target.value === '1h' ? '1h' : '1d')}>
            <option value="1d">1 day</option>
            <option value="1h">1 hour</option>
          </select>
        </label>
        <label>
          Stack by
          <select value={by} onChange={(e) => setBy(e.target.value === 'severity' ? 'severity' : 'rule')} data-testid="stack-by">
            <option value="rule">rule</option>
            <option value="severity">severity</option>
          </select>
        </label>
        <button type="button" className="link" onClick={() => { setFrom(''); setTo(''); }}>
          All time
        </button>
      </div>
      {dash.error && <p className="error">{dash.error}</p>}
      <div className="sev-counts">
        {SEVERITIES.map((s) => (
          <a key={s} href={href(['alerts'], { severity: s })} className={`sev-card sev-${s}`} data-testid={`sev-count-${s}`}>
            <b>{fmtNum(sev[s] ?? 0)}</b> {s}
          </a>
        ))}
        <span className="spacer" />
        {dash.data?.by_status &&
          STATUSES.map((s) => (
            <a key={s} href={href(['alerts'], { status: s })} className="sev-card" data-testid={`status-count-${s}`}>
              <b>{fmtNum(dash.data?.by_status?.[s] ?? 0)}</b> {s}
            </a>
          ))}
      </div>
      <section className="panel wide">
        <h3>Alerts over time by {by}</h3>
        {dash.data ? <StackedBars {...chart} /> : <p className="muted">Loading…</p>}
      </section>
      <div className="panels three">
        <TopList title="Top users" rows={dash.data?.top_users ?? []} filterKey="user" />
        <TopList title="Top hosts" rows={dash.data?.top_hosts ?? []} filterKey="host" />
        <TopList title="Top processes" rows={dash.data?.top_processes ?? []} filterKey="q" />
      </div>
    </div>
  );
}
