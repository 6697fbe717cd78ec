// The process behind the alert: its command line (monospace, wrapped), its parent chain and its children.
// Every value here is attacker-controlled and rendered as text only.

import type { AlertContext, ProcessFields } from '../api/types.js';
import { dash, fmtTime } from '../format.js';

export function CommandLine({ value, testId }: { value: string | null | undefined; testId?: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <pre className="cmdline" data-testid={testId}>
      {value}
    </pre>
  );
}

export function ProcessPanel({ process, context }: { process: (ProcessFields & { parent?: ProcessFields }) | undefined; context: AlertContext | undefined }) {
  const chain = context?.parent_chain?.length ? context.parent_chain : process?.parent ? [{ name: process.parent.name, command_line: process.parent.command_line }] : [];
  const children = context?.children ?? [];
  return (
    <div className="process-panel">
      <dl className="kv">
        <dt>Name</dt>
        <dd data-testid="process-name">{dash(process?.name)}</dd>
        <dt>Executable</dt>
        <dd className="mono wrap">{dash(process?.executable)}</dd>
        <dt>Command line</dt>
        <dd>
          <CommandLine value={process?.command_line} testId="process-command-line" />
        </dd>
        {process?.pid !== undefined && (
          <>
            <dt>PID</dt>
            <dd className="mono">{process.pid}</dd>
          </>
        )}
        {process?.working_directory && (
          <>
            <dt>Working dir</dt>
            <dd className="mono wrap">{process.working_directory}</dd>
          </>
        )}
        {process?.integrity_level && (
          <>
            <dt>Integrity</dt>
            <dd>{process.integrity_level}</dd>
          </>
        )}
        {process?.code_signature?.subject_name && (
          <>
            <dt>Signer</dt>
            <dd>
              {process.code_signature.subject_name}
              {process.code_signature.trusted === false ? ' (untrusted)' : ''}
            </dd>
          </>
        )}
        {process?.hash?.sha256 && (
          <>
            <dt>SHA-256</dt>
            <dd className="mono wrap">{process.hash.sha256}</dd>
          </>
        )}
      </dl>
      <h4>Parent chain</h4>
      {chain.length ? (
        <ol className="chain" data-testid="parent-chain">
          {chain.map((p, i) => (
            <li key={i}>
              <b>{dash(p.name)}</b>
              {p.pid !== undefined && <span className="muted mono"> pid {p.pid}</span>}
              {p.found === false && <span className="muted"> (start event not kept; from the child's fields)</span>}
              <CommandLine value={p.command_line} />
            </li>
          ))}
          <li className="self">
            <b>{dash(process?.name)}</b> <span className="muted">(this process)</span>
          </li>
        </ol>
      ) : (
        <p className="muted">No parent recorded.</p>
      )}
      <h4>Children ({children.length})</h4>
      {children.length ? (
        <ul className="chain" data-testid="children">
          {children.map((c, i) => (
            <li key={i}>
              <span className="mono muted">{fmtTime(c.time)}</span> <b>{dash(c.name)}</b>
              <CommandLine value={c.command_line} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No child processes stored.</p>
      )}
    </div>
  );
}
