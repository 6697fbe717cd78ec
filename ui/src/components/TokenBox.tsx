// Asks for an API token after a 401. The token lives in sessionStorage only (gone when the tab closes).

import { useState, type FormEvent } from 'react';
import { setToken } from '../api/client.js';

export function TokenBox({ reason, onDone }: { reason: string; onDone: () => void }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    setToken(value.trim());
    onDone();
  };
  return (
    <div className="modal-backdrop">
      <form className="modal token-box" onSubmit={submit} data-testid="token-box">
        <h2>API token required</h2>
        <p className="muted">{reason}</p>
        <label>
          Token
          <input type="password" autoFocus autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} data-testid="token-input" />
        </label>
        <div className="actions">
          <button type="submit" className="primary" data-testid="token-submit">
            Use token
          </button>
        </div>
      </form>
    </div>
  );
}
