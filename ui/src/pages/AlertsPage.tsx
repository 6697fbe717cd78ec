// Alerts: filters (kept in the URL), the virtualised list, and bulk status changes for the selected rows.

import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { errorText, useApi } from '../api/use-api.js';
import { STATUSES, type RuleInfo, type WorkflowStatus } from '../api/types.js';
import { fmtNum } from '../format.js';
import { navigate } from '../router.js';
import { AlertFilters, FILTER_KEYS, type AlertFilterValues } from './AlertFilters.js';
import { AlertsTable } from './AlertsTable.js';
import { usePagedAlerts } from './use-paged-alerts.js';

const BULK_CHUNK = 5000;
const STATUS_VERB: Record<WorkflowStatus, string> = { open: 'Reopen', acknowledged: 'Acknowledge', closed: 'Close' };

export function AlertsPage({ query }: { query: URLSearchParams }) {
  const filters = useMemo(() => {
    const f: AlertFilterValues = {};
    for (const k of FILTER_KEYS) {
      const v = query.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [query]);
  const sort = filters.sort ?? '-time';
  const params = useMemo(() => ({ ...filters, sort }), [filters, sort]);
  const paged = usePagedAlerts(params);
  const rules = useApi<RuleInfo[]>('rules', (signal) => api.get<RuleInfo[]>('/rules', undefined, signal));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>();

  const apply = (f: AlertFilterValues) => {
    setSelected(new Set());
    navigate(['alerts'], { ...f }, true);
  };

  const bulk = async (status: WorkflowStatus) => {
    setBusy(true);
    setMessage(undefined);
    try {
      // The API takes at most 10,000 ids per call.
      const ids = [...selected];
      let updated = 0;
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        updated += (await api.post<{ updated: number }>('/alerts/bulk', { ids: ids.slice(i, i + BULK_CHUNK), status })).updated;
      }
      setMessage(`${fmtNum(updated)} alert(s) set to ${status}.`);
      setSelected(new Set());
      paged.refresh();
    } catch (e) {
      setMessage(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page alerts-page">
      <AlertFilters value={filters} rules={rules.data ?? []} onChange={apply} />
      <div className="toolbar">
        <span data-testid="alerts-total">{paged.total === undefined ? 'Loading…' : `${fmtNum(paged.total)} alerts`}</span>
        <button type="button" className="link" onClick={paged.refresh} data-testid="alerts-refresh" title="Fetch the rows in view again (new alerts arrive while the service runs)">
          Refresh
        </button>
        {selected.size > 0 && (
          <span className="bulk" data-testid="bulk-bar">
            <b>{fmtNum(selected.size)} selected</b>
            {STATUSES.map((s) => (
              <button key={s} type="button" disabled={busy} onClick={() => void bulk(s)} data-testid={`bulk-${s}`}>
                {STATUS_VERB[s]}
              </button>
            ))}
            <button type="button" className="link" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </span>
        )}
        {message && <span className="muted" data-testid="bulk-message">{message}</span>}
        {paged.error && <span className="error">{paged.error}</span>}
      </div>
      <AlertsTable
        paged={paged}
        selected={selected}
        sort={sort}
        onSort={(s) => apply({ ...filters, sort: s })}
        onToggle={(id) =>
          setSelected((cur) => {
            const next = new Set(cur);
            if (next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          })
        }
        onToggleAll={(rows, on) =>
          setSelected((cur) => {
            const next = new Set(cur);
            for (const r of rows) {
              if (on) next.add(r.id);
              else next.delete(r.id);
            }
            return next;
          })
        }
      />
    </div>
  );
}
