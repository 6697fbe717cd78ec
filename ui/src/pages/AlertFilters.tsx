// The filter bar of the alerts list. Selects apply at once; text and time fields apply on Enter or "Apply".

import { useEffect, useState, type FormEvent } from 'react';
import { SEVERITIES, STATUSES, type RuleInfo } from '../api/types.js';
import { isoToLocalInput, localInputToIso } from '../format.js';

export interface AlertFilterValues {
  status?: string;
  rule?: string;
  severity?: string;
  user?: string;
  host?: string;
  q?: string;
  from?: string;
  to?: string;
  sort?: string;
}

export const FILTER_KEYS: ReadonlyArray<keyof AlertFilterValues> = ['status', 'rule', 'severity', 'user', 'host', 'q', 'from', 'to', 'sort'];

interface Props {
  value: AlertFilterValues;
  rules: RuleInfo[];
  onChange: (v: AlertFilterValues) => void;
}

export function AlertFilters({ value, rules, onChange }: Props) {
  const [text, setText] = useState({ user: '', host: '', q: '', from: '', to: '' });
  useEffect(() => {
    setText({ user: value.user ?? '', host: value.host ?? '', q: value.q ?? '', from: isoToLocalInput(value.from), to: isoToLocalInput(value.to) });
  }, [value.user, value.host, value.q, value.from, value.to]);

  const applyText = (e?: FormEvent) => {
    e?.preventDefault();
    onChange({
      ...value,
      user: text.user.trim() || undefined,
      host: text.host.trim() || undefined,
      q: text.q.trim() || undefined,
      from: localInputToIso(text.from),
      to: localInputToIso(text.to),
    });
  };
  const set = (k: keyof AlertFilterValues, v: string) => onChange({ ...value, [k]: v || undefined });

  return (
    <form className="filters" onSubmit={applyText} data-testid="alert-filters">
      <label>
        Status
        <select value={value.status ?? ''} onChange={(e) => set('status', e.target.value)} data-testid="filter-status">
          <option value="">any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rule
        <select value={value.rule ?? ''} onChange={(e) => set('rule', e.target.value)} data-testid="filter-rule">
          <option value="">any</option>
          {rules.map((r) => (
            <option key={r.rule_id} value={r.rule_id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select value={value.severity ?? ''} onChange={(e) => set('severity', e.target.value)} data-testid="filter-severity">
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        User
        <input value={text.user} onChange={(e) => setText({ ...text, user: e.target.value })} data-testid="filter-user" size={12} />
      </label>
      <label>
        Host
        <input value={text.host} onChange={(e) => setText({ ...text, host: e.target.value })} data-testid="filter-host" size={12} />
      </label>
      <label className="grow">
        Text
        <input value={text.q} placeholder="process, command line, reason…" onChange={(e) => setText({ ...text, q: e.target.value })} data-testid="filter-q" />
      </label>
      <label>
        From (UTC)
        <input type="datetime-local" value={text.from} onChange={(e) => setText({ ...text, from: e.target.value })} data-testid="filter-from" />
      </label>
      <label>
        To (UTC)
        <input type="datetime-local" value={text.to} onChange={(e) => setText({ ...text, to: e.target.value })} data-testid="filter-to" />
      </label>
      <button type="submit" data-testid="filter-apply">
        Apply
      </button>
      <button type="button" className="link" onClick={() => onChange({ sort: value.sort })} data-testid="filter-clear">
        Clear
      </button>
    </form>
  );
}
