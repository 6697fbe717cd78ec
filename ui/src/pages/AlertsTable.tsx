// The virtualised alerts grid: only the rows in view exist in the DOM, so 100,000 alerts scroll like 50.
// Rows are fetched page by page as they come into view (usePagedAlerts).

import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AlertSummary } from '../api/types.js';
import { dash, fmtScore, fmtTime } from '../format.js';
import { href } from '../router.js';
import type { PagedAlerts } from './use-paged-alerts.js';

const ROW_HEIGHT = 30;

interface Props {
  paged: PagedAlerts;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (rows: AlertSummary[], on: boolean) => void;
  sort: string;
  onSort: (sort: string) => void;
}

const SORTABLE: Record<string, [string, string]> = { time: ['-time', 'time'], score: ['-score', 'score'], severity: ['-severity', '-severity'] };

function SortHead({ col, label, sort, onSort }: { col: string; label: string; sort: string; onSort: (s: string) => void }) {
  const [desc, asc] = SORTABLE[col];
  const active = sort === desc || sort === asc;
  const arrow = active ? (sort.startsWith('-') ? ' ▼' : ' ▲') : '';
  return (
    <button type="button" className="th-sort" onClick={() => onSort(sort === desc ? asc : desc)} data-testid={`sort-${col}`}>
      {label}
      {arrow}
    </button>
  );
}

export function AlertsTable({ paged, selected, onToggle, onToggleAll, sort, onSort }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = paged.total ?? 0;
  const virt = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virt.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index : 0;
  const { ensure } = paged;
  useEffect(() => ensure(first, last), [first, last, ensure, total]);

  const loaded = paged.loadedRows();
  const allOn = loaded.length > 0 && loaded.every((r) => selected.has(r.id));

  return (
    <div className="grid-wrap">
      <div className="grid-row grid-head" role="row">
        <span>
          <input type="checkbox" aria-label="select loaded" checked={allOn} onChange={(e) => onToggleAll(loaded, e.target.checked)} data-testid="select-all" />
        </span>
        <span>
          <SortHead col="time" label="Time (UTC)" sort={sort} onSort={onSort} />
        </span>
        <span>
          <SortHead col="severity" label="Severity" sort={sort} onSort={onSort} />
        </span>
        <span>Rule</span>
        <span>User</span>
        <span>Host</span>
        <span>Process</span>
        <span className="num">
          <SortHead col="score" label="Score" sort={sort} onSort={onSort} />
        </span>
        <span>Status</span>
      </div>
      <div ref={scrollRef} className="grid-scroll" data-testid="alerts-scroll">
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const a = paged.row(vi.index);
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${vi.start}px)` };
            if (!a)
              return (
                <div key={vi.key} className="grid-row placeholder" style={style}>
                  <span />
                  <span className="muted">loading…</span>
                </div>
              );
            return (
              <div
                key={vi.key}
                className={`grid-row${selected.has(a.id) ? ' selected' : ''}`}
                style={style}
                role="row"
                data-testid="alert-row"
                data-alert-id={a.id}
                tabIndex={0}
                onClick={() => {
                  window.location.hash = href(['alerts', a.id]);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') window.location.hash = href(['alerts', a.id]);
                  else if (e.key === ' ') {
                    e.preventDefault();
                    onToggle(a.id);
                  }
                }}
              >
                <span onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" aria-label="select" checked={selected.has(a.id)} onChange={() => onToggle(a.id)} data-testid="row-select" />
                </span>
                <span className="mono">{fmtTime(a.time)}</span>
                <span>
                  <span className={`sev sev-${a.severity}`}>{a.severity}</span>
                </span>
                <span className="ellipsis" title={a.rule.name}>
                  {a.rule.name}
                </span>
                <span className="ellipsis" title={a.user ?? ''}>
                  {dash(a.user)}
                </span>
                <span className="ellipsis" title={a.host ?? ''}>
                  {dash(a.host)}
                </span>
                <span className="ellipsis mono" title={a.process?.command_line ?? ''}>
                  <b>{dash(a.process?.name)}</b> <span className="muted">{a.process?.command_line ?? ''}</span>
                </span>
                <span className="num">{fmtScore(a.score)}</span>
                <span>
                  <span className={`status status-${a.status}`}>{a.status}</span>
                </span>
              </div>
            );
          })}
        </div>
        {paged.total === 0 && <div className="empty">No alerts match these filters.</div>}
      </div>
    </div>
  );
}
