// Edits an exception item (Elastic item shape): name, description and its entries. Used for "Add exception
// from this alert" (prefilled from the exception draft) and for editing existing exceptions. Fields the form
// does not show (item_id, list_id, tags, …) are kept as they came.

import { useState, type FormEvent } from 'react';
import type { ExceptionEntry, ExceptionItem, ExceptionValue } from '../api/types.js';

interface Props {
  title: string;
  initial: ExceptionItem;
  submitLabel: string;
  onSubmit: (item: ExceptionItem) => Promise<void>;
  onCancel: () => void;
  error?: string;
}

interface Row {
  keep: boolean;
  entry: ExceptionEntry;
  text: string;
}

const valueText = (v: ExceptionEntry['value']): string => (Array.isArray(v) ? v.map(String).join('\n') : v === undefined ? '' : String(v));

function parseValue(entry: ExceptionEntry, text: string): ExceptionEntry {
  if (entry.type === 'exists' || entry.type === 'nested') return entry;
  if (entry.type === 'match_any') {
    const list: ExceptionValue[] = text.split('\n').filter((s) => s !== '');
    return { ...entry, value: list };
  }
  // Keep numbers and booleans typed when the draft had them so.
  const v: ExceptionValue = typeof entry.value === 'number' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : typeof entry.value === 'boolean' ? text === 'true' : text;
  return { ...entry, value: v };
}

export function ExceptionForm({ title, initial, submitLabel, onSubmit, onCancel, error }: Props) {
  const [name, setName] = useState(initial.name ?? '');
  const [description, setDescription] = useState(initial.description ?? '');
  const [rows, setRows] = useState<Row[]>(() => (initial.entries ?? []).map((e) => ({ keep: true, entry: e, text: valueText(e.value) })));
  const [busy, setBusy] = useState(false);
  const kept = rows.filter((r) => r.keep);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit({ ...initial, name: name.trim(), description, entries: kept.map((r) => parseValue(r.entry, r.text)) });
    } finally {
      setBusy(false);
    }
  };
  const update = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div className="modal-backdrop">
      <form className="modal exception-form" onSubmit={(e) => void submit(e)} data-testid="exception-form">
        <h2>{title}</h2>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required data-testid="exception-name" />
        </label>
        <label>
          Description
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} data-testid="exception-description" />
        </label>
        <p className="muted">An alert is dropped when every checked condition holds.</p>
        <table className="entries">
          <thead>
            <tr>
              <th />
              <th>Field</th>
              <th>Operator</th>
              <th>Type</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className={r.keep ? undefined : 'off'} data-testid="exception-entry">
                <td>
                  <input type="checkbox" checked={r.keep} onChange={(e) => update(i, { keep: e.target.checked })} aria-label={`use ${r.entry.field}`} data-testid="exception-entry-keep" />
                </td>
                <td className="mono">{r.entry.field}</td>
                <td>
                  <select value={r.entry.operator ?? 'included'} onChange={(e) => update(i, { entry: { ...r.entry, operator: e.target.value as 'included' | 'excluded' } })}>
                    <option value="included">is</option>
                    <option value="excluded">is not</option>
                  </select>
                </td>
                <td>
                  {r.entry.type === 'match' || r.entry.type === 'wildcard' ? (
                    <select value={r.entry.type} onChange={(e) => update(i, { entry: { ...r.entry, type: e.target.value } })}>
                      <option value="match">match</option>
                      <option value="wildcard">wildcard</option>
                    </select>
                  ) : (
                    r.entry.type
                  )}
                </td>
                <td>
                  {r.entry.type === 'exists' || r.entry.type === 'nested' ? (
                    <span className="muted">—</span>
                  ) : (
                    <textarea className="mono" value={r.text} rows={Math.min(4, Math.max(1, Math.ceil(r.text.length / 60)))} onChange={(e) => update(i, { text: e.target.value })} data-testid="exception-entry-value" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {error && <p className="error" data-testid="exception-error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim() || kept.length === 0} data-testid="exception-submit">
            {submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
