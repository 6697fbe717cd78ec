// Why the alert is rare: the user's history with this process (from /context) and the rarity job's own
// evidence (from the alert's explanation).

import type { AlertContext, AlertDocument } from '../api/types.js';
import { dash, fmtNum, fmtTime } from '../format.js';

/** Decayed bucket counts are fractional; one decimal is what an analyst can use. */
const fmtDecayed = (n: number): string => (Number.isInteger(n) ? fmtNum(n) : n.toFixed(1));

export function RarityPanel({ alert, context }: { alert: AlertDocument; context: AlertContext | undefined }) {
  const r = alert.oddspawn?.explanation?.rarity;
  const h = context?.history;
  const an = alert.anomaly;
  if (!r && !h && !an) return <p className="muted">No rarity evidence for this alert (it did not come from an anomaly job).</p>;
  return (
    <div className="rarity" data-testid="rarity">
      {r?.summary && <p className="summary">{r.summary}</p>}
      <dl className="kv">
        {an && (
          <>
            <dt>Anomaly</dt>
            <dd>
              <span className="mono">{an.job_id}</span> · record score <b>{an.record_score.toFixed(1)}</b> · probability {an.probability.toExponential(2)}
            </dd>
          </>
        )}
        {h && (
          <>
            <dt>Process</dt>
            <dd className="mono">{dash(h.process_name)}</dd>
            <dt>This user ran it</dt>
            <dd data-testid="history-count">
              {fmtNum(h.count_for_user)} time(s){h.first_seen ? `, first ${fmtTime(h.first_seen)}` : ''}
              {h.last_seen ? `, last ${fmtTime(h.last_seen)}` : ''}
            </dd>
            <dt>Users running it</dt>
            <dd data-testid="history-users">
              {fmtNum(h.users_running_it)}
              {h.other_users !== undefined && h.other_users !== null ? ` (${fmtNum(h.other_users)} besides this user)` : ''}
            </dd>
            {h.events_since && (
              <>
                <dt>Kept since</dt>
                <dd className="muted">{fmtTime(h.events_since)} (older history is not on this server)</dd>
              </>
            )}
          </>
        )}
        {r && (
          <>
            <dt>First for user</dt>
            <dd>{r.first_occurrence ? 'yes — never seen for this user before' : 'no'}</dd>
            <dt>User history</dt>
            <dd>
              seen in {fmtDecayed(r.category_buckets)} of {fmtDecayed(r.entity_buckets)} active buckets (decayed counts)
            </dd>
            <dt>Other users</dt>
            <dd>
              {fmtNum(r.other_entities_with_category)} of {fmtNum(r.entities_total)} tracked users have it
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
