// Triage state of one alert: status buttons, assignee, and the notes thread.

import { useState, type FormEvent } from 'react';
import { api, seg } from '../api/client.js';
import { errorText } from '../api/use-api.js';
import { STATUSES, type AlertDetail, type WorkflowStatus } from '../api/types.js';
import { dash, fmtTime } from '../format.js';

export function WorkflowPanel({ id, detail, onChanged }: { id: string; detail: AlertDetail; onChanged: () => void }) {
  const [assignee, setAssignee] = useState(detail.assignee ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const setStatus = (status: WorkflowStatus) => void run(() => api.patch(`/alerts/${seg(id)}`, { status }));
  const saveAssignee = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.patch(`/alerts/${seg(id)}`, { assignee: assignee.trim() || null }));
  };
  const addNote = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    void run(async () => {
      await api.post(`/alerts/${seg(id)}/notes`, { text: note.trim() });
      setNote('');
    });
  };

  return (
    <div className="workflow">
      <div className="status-buttons" role="group" aria-label="status">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            disabled={busy || detail.status === s}
            className={detail.status === s ? `current status-${s}` : undefined}
            onClick={() => setStatus(s)}
            data-testid={`status-${s}`}
          >
            {s}
          </button>
        ))}
      </div>
      <p>
        Status: <b data-testid="alert-status">{detail.status}</b>
      </p>
      <form onSubmit={saveAssignee} className="inline">
        <label>
          Assignee
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="assignee-input" size={16} />
        </label>
        <button type="submit" disabled={busy} data-testid="assignee-save">
          Save
        </button>
      </form>
      <h4>Notes ({detail.notes.length})</h4>
      <ul className="notes" data-testid="notes">
        {detail.notes.map((n) => (
          <li key={String(n.id)}>
            <span className="muted mono">
              {fmtTime(n.at)} · {dash(n.author)}
            </span>
            <div className="note-text">{n.text}</div>
          </li>
        ))}
      </ul>
      <form onSubmit={addNote} className="note-form">
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} placeholder="Add a note…" data-testid="note-input" />
        <button type="submit" disabled={busy || !note.trim()} data-testid="note-add">
          Add note
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
