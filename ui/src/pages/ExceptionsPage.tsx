// Exceptions: every item with its conditions; edit in the same form as "add from alert"; delete.

import { useState } from 'react';
import { api, seg } from '../api/client.js';
import { errorText, useApi } from '../api/use-api.js';
import type { ExceptionEntry, ExceptionItem } from '../api/types.js';
import { dash, fmtTime } from '../format.js';
import { ExceptionForm } from '../components/ExceptionForm.js';

function EntryText({ e }: { e: ExceptionEntry }) {
  const op = e.operator === 'excluded' ? 'is not' : 'is';
  if (e.type === 'exists') return <span className="mono">{`${e.field} ${e.operator === 'excluded' ? 'does not exist' : 'exists'}`}</span>;
  if (e.type === 'nested') return <span className="mono">{`${e.field}: { ${(e.entries ?? []).map((x) => `${x.field} ${x.type} ${String(x.value)}`).join(' and ')} }`}</span>;
  const v = Array.isArray(e.value) ? `one of ${e.value.map(String).join(', ')}` : String(e.value);
  return (
    <span className="mono wrap">
      {e.field} {op} {e.type === 'wildcard' ? 'like ' : ''}
      <b>{v}</b>
    </span>
  );
}

const itemId = (x: ExceptionItem): string => String(x.id ?? x.item_id ?? '');

export function ExceptionsPage() {
  const list = useApi<ExceptionItem[] | { items: ExceptionItem[] }>('exceptions', (s) => api.get('/exceptions', undefined, s));
  const [editing, setEditing] = useState<ExceptionItem | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Two-step delete (the row's button turns into "Confirm delete"), instead of a native confirm dialog.
  const [confirming, setConfirming] = useState<string | undefined>();
  const items = Array.isArray(list.data) ? list.data : (list.data?.items ?? []);

  const remove = async (x: ExceptionItem) => {
    if (confirming !== itemId(x)) {
      setConfirming(itemId(x));
      return;
    }
    setConfirming(undefined);
    setError(undefined);
    try {
      await api.del(`/exceptions/${seg(itemId(x))}`);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const save = async (x: ExceptionItem) => {
    try {
      await api.put(`/exceptions/${seg(itemId(x))}`, x);
      setEditing(undefined);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="page">
      <h2>Exceptions</h2>
      {(error ?? list.error) && <p className="error">{error ?? list.error}</p>}
      <table className="table" data-testid="exceptions-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>List</th>
            <th>Rule</th>
            <th>Conditions (all must hold)</th>
            <th>Created (UTC)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr key={itemId(x)} data-testid="exception-row">
              <td>
                <b>{x.name}</b>
                {x.description ? <div className="muted">{x.description}</div> : null}
              </td>
              <td className="mono">{dash(x.list_id)}</td>
              <td className="mono">{dash(x.rule_id)}</td>
              <td>
                <ul className="plain">
                  {x.entries.map((e, i) => (
                    <li key={i}>
                      <EntryText e={e} />
                    </li>
                  ))}
                </ul>
              </td>
              <td className="mono">{fmtTime(x.created_at)}</td>
              <td className="nowrap">
                <button type="button" onClick={() => setEditing(x)} data-testid="exception-edit">
                  Edit
                </button>{' '}
                <button type="button" className="danger" onClick={() => void remove(x)} onBlur={() => setConfirming(undefined)} data-testid="exception-delete">
                  {confirming === itemId(x) ? 'Confirm delete' : 'Delete'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!list.loading && items.length === 0 && <p className="muted">No exceptions yet. Add one from an alert.</p>}
      {editing && <ExceptionForm title="Edit exception" initial={editing} submitLabel="Save" error={error} onCancel={() => setEditing(undefined)} onSubmit={save} />}
    </div>
  );
}
