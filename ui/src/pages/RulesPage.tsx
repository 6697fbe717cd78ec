// Rules: enable/disable, anomaly threshold for machine-learning rules, and the run log (all rules or one).

import { useEffect, useState } from 'react';
import { api, seg } from '../api/client.js';
import { errorText, useApi } from '../api/use-api.js';
import type { RuleInfo, RuleRun } from '../api/types.js';
import { fmtNum, fmtTime } from '../format.js';
import { href } from '../router.js';
import { Guide } from '../components/Guide.js';

function ThresholdInput({ rule, onSave }: { rule: RuleInfo; onSave: (v: number) => void }) {
  const [v, setV] = useState(String(rule.anomaly_threshold ?? ''));
  const n = Number(v);
  const ok = v.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100;
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) onSave(n);
      }}
    >
      <input type="number" min={0} max={100} step={1} value={v} onChange={(e) => setV(e.target.value)} className="narrow" data-testid={`threshold-${rule.rule_id}`} />
      <button type="submit" disabled={!ok || n === rule.anomaly_threshold}>
        Set
      </button>
    </form>
  );
}

export function RulesPage({ selected }: { selected?: string }) {
  const rules = useApi<RuleInfo[]>('rules', (s) => api.get<RuleInfo[]>('/rules', undefined, s));
  const runs = useApi<{ items: RuleRun[] } | RuleRun[]>(`runs:${selected ?? ''}`, (s) => api.get('/rules/runs', { rule: selected, limit: 100 }, s));
  const [error, setError] = useState<string | undefined>();
  // The switch moves at once; the server's answer (a fresh listing) replaces it, an error puts it back.
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  useEffect(() => setOptimistic({}), [rules.data]);
  const patch = async (id: string, body: { enabled?: boolean; anomaly_threshold?: number }) => {
    setError(undefined);
    if (body.enabled !== undefined) setOptimistic((o) => ({ ...o, [id]: body.enabled as boolean }));
    try {
      await api.patch(`/rules/${seg(id)}`, body);
      rules.reload();
    } catch (e) {
      setOptimistic((o) => {
        const { [id]: _dropped, ...rest } = o;
        return rest;
      });
      setError(errorText(e));
    }
  };
  const [busyOnly, setBusyOnly] = useState(false);
  const allRuns = Array.isArray(runs.data) ? runs.data : (runs.data?.items ?? []);
  const runList = busyOnly ? allRuns.filter((r) => r.matches > 0 || r.alerts_created > 0 || r.warnings?.length || r.gap_ms > 0) : allRuns;
  const sel = rules.data?.find((r) => r.rule_id === selected);

  return (
    <div className="page">
      <h2>Rules</h2>
      {error && <p className="error">{error}</p>}
      {rules.error && <p className="error">{rules.error}</p>}
      <table className="table" data-testid="rules-table">
        <thead>
          <tr>
            <th>On</th>
            <th>Name</th>
            <th>Type</th>
            <th>Severity</th>
            <th className="num">Risk</th>
            <th>Interval</th>
            <th>Look-back</th>
            <th>Job</th>
            <th>Threshold</th>
          </tr>
        </thead>
        <tbody>
          {(rules.data ?? []).map((r) => (
            <tr key={r.rule_id} className={r.rule_id === selected ? 'selected' : undefined} data-testid="rule-row">
              <td>
                <input type="checkbox" checked={optimistic[r.rule_id] ?? r.enabled} onChange={(e) => void patch(r.rule_id, { enabled: e.target.checked })} aria-label={`enable ${r.name}`} data-testid={`rule-enabled-${r.rule_id}`} />
              </td>
              <td>
                <a href={href(['rules', r.rule_id])}>{r.name}</a>
              </td>
              <td>{r.type}</td>
              <td>
                <span className={`sev sev-${r.severity}`}>{r.severity}</span>
              </td>
              <td className="num">{r.risk_score}</td>
              <td>{r.interval}</td>
              <td>{r.from}</td>
              <td className="mono">{(r.machine_learning_job_id ?? []).join(', ')}</td>
              <td>{r.type === 'machine_learning' ? <ThresholdInput key={String(r.anomaly_threshold)} rule={r} onSave={(v) => void patch(r.rule_id, { anomaly_threshold: v })} /> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sel && (
        <section className="panel">
          <h3>{sel.name}</h3>
          {sel.description && <p>{sel.description}</p>}
          <Guide markdown={sel.note} />
        </section>
      )}
      <h3>
        Run log {sel ? `— ${sel.name}` : '— all rules'} {selected && <a href={href(['rules'])}>(show all)</a>}
      </h3>
      <label className="check">
        <input type="checkbox" checked={busyOnly} onChange={(e) => setBusyOnly(e.target.checked)} /> only runs with matches, alerts, gaps or
        warnings
      </label>
      {runs.error && <p className="error">{runs.error}</p>}
      <div className="scroll-box">
        <table className="table compact" data-testid="runs-table">
          <thead>
            <tr>
              <th>Run at (UTC)</th>
              <th>Rule</th>
              <th>Mode</th>
              <th>Window</th>
              <th className="num">Matches</th>
              <th className="num">Alerts</th>
              <th className="num">Dup.</th>
              <th className="num">Excl.</th>
              <th className="num">Suppr.</th>
              <th className="num">Gap</th>
              <th className="num">ms</th>
              <th>Warnings</th>
            </tr>
          </thead>
          <tbody>
            {runList.map((r, i) => (
              <tr key={i}>
                <td className="mono nowrap">{fmtTime(r.run_at)}</td>
                <td className="ellipsis run-rule" title={r.rule_name}>
                  {r.rule_name}
                </td>
                <td>{r.mode}</td>
                <td className="mono nowrap">
                  {fmtTime(r.window?.from).slice(5, 16)} → {fmtTime(r.window?.to).slice(5, 16)}
                </td>
                <td className="num">{fmtNum(r.matches)}</td>
                <td className="num">{fmtNum(r.alerts_created)}</td>
                <td className="num">{fmtNum(r.duplicates)}</td>
                <td className="num">{fmtNum(r.excluded)}</td>
                <td className="num">{fmtNum(r.suppressed)}</td>
                <td className="num">{r.gap_ms ? `${Math.round(r.gap_ms / 60000)}m` : ''}</td>
                <td className="num">{typeof r.duration_ms === 'number' ? r.duration_ms.toFixed(1) : '—'}</td>
                <td className={r.warnings?.length ? 'warn' : undefined}>{(r.warnings ?? []).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!runs.loading && runList.length === 0 && <p className="muted">No runs recorded.</p>}
    </div>
  );
}
