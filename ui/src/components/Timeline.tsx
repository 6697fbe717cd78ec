// The user's process starts around the alert: time across, classifier probability up; the alert's events are
// drawn as red diamonds with a guide line, so the anomaly stands out among the user's ordinary activity.

import type { TimelinePoint } from '../api/types.js';
import { fmtTime } from '../format.js';

const W = 1100;
const H = 220;
const PAD = { l: 40, r: 16, t: 12, b: 34 };

export function Timeline({ points, alertTime }: { points: TimelinePoint[]; alertTime?: string }) {
  const pts = points.map((p) => ({ p, t: Date.parse(p.time) })).filter((x) => Number.isFinite(x.t));
  if (!pts.length) return <p className="muted">No events of this user around the alert are stored.</p>;
  const anchor = alertTime ? Date.parse(alertTime) : NaN;
  let t0 = Math.min(...pts.map((x) => x.t));
  let t1 = Math.max(...pts.map((x) => x.t));
  if (Number.isFinite(anchor)) {
    t0 = Math.min(t0, anchor);
    t1 = Math.max(t1, anchor);
  }
  if (t1 === t0) {
    t0 -= 60_000;
    t1 += 60_000;
  }
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (prob: number) => PAD.t + (1 - prob) * (H - PAD.t - PAD.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => t0 + f * (t1 - t0));
  return (
    <svg className="chart timeline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label="process timeline" data-testid="timeline">
      {[0, 0.5, 1].map((p) => (
        <g key={p}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(p)} y2={y(p)} className="grid" />
          <text x={PAD.l - 4} y={y(p) + 4} textAnchor="end" className="label">
            {p.toFixed(1)}
          </text>
        </g>
      ))}
      {ticks.map((t, i) => (
        <text key={i} x={x(t)} y={H - 14} textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'} className="label">
          {fmtTime(new Date(t).toISOString()).slice(5, 16)}
        </text>
      ))}
      <text x={PAD.l} y={H - 2} className="label muted">
        time (UTC) · y = classifier probability
      </text>
      {Number.isFinite(anchor) && <line x1={x(anchor)} x2={x(anchor)} y1={PAD.t} y2={H - PAD.b} className="alert-line" />}
      {pts
        .filter(({ p }) => !p.is_alert)
        .map(({ p, t }, i) => (
          <circle key={`e${i}`} cx={x(t)} cy={y(p.malicious_probability ?? 0)} r={3.5} className="pt">
            <title>{`${fmtTime(p.time)}  ${p.process_name ?? '?'}\n${p.command_line ?? ''}`}</title>
          </circle>
        ))}
      {pts
        .filter(({ p }) => p.is_alert)
        .map(({ p, t }, i) => {
          const cx = x(t);
          const cy = y(p.malicious_probability ?? 0);
          return (
            <path key={`a${i}`} d={`M${cx} ${cy - 7}L${cx + 7} ${cy}L${cx} ${cy + 7}L${cx - 7} ${cy}Z`} className="pt-alert" data-testid="timeline-alert">
              <title>{`ALERT ${fmtTime(p.time)}  ${p.process_name ?? '?'}\n${p.command_line ?? ''}`}</title>
            </path>
          );
        })}
    </svg>
  );
}
