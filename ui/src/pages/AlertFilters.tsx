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

interface SelectFilterProps {
  label: string;
  testId: string;
  value: string | undefined;
  /** [value, text] pairs after the empty "any". */
  options: ReadonlyArray<readonly [string, string]>;
  onChange: (v: string) => void;
}

function SelectFilter({ label, testId, value, options, onChange }: SelectFilterProps) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

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
      <SelectFilter label="Status" testId="filter-status" value={value.status} onChange={(v) => set('status', v)} options={STATUSES.map((st) => [st, st])} />
      <SelectFilter label="Rule" testId="filter-rule" value={value.rule} onChange={(v) => set('rule', v)} options={rules.map((r) => [r.rule_id, r.name])} />
      <SelectFilter label="Severity" testId="filter-severity" value={value.severity} onChange={(v) => set('severity', v)} options={SEVERITIES.map((sv) => [sv, sv])} />
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
