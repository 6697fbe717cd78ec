// Alerts over time as stacked bars (one bar per bucket, one segment per series), hand-drawn in SVG.

import { fmtTime } from '../format.js';

export interface Stack {
  t: string;
  parts: Array<{ series: string; count: number }>;
}

const W = 1100;
const H = 240;
const PAD = { l: 44, r: 8, t: 10, b: 28 };
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function seriesColors(series: string[], fixed?: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  series.forEach((s, i) => (out[s] = fixed?.[s] ?? PALETTE[i % PALETTE.length]));
  return out;
}

export function StackedBars({ stacks, colors, labels }: { stacks: Stack[]; colors: Record<string, string>; labels: Record<string, string> }) {
  if (!stacks.length) return <p className="muted">No alerts in this range.</p>;
  const max = Math.max(...stacks.map((s) => s.parts.reduce((n, p) => n + p.count, 0)), 1);
  const slot = (W - PAD.l - PAD.r) / stacks.length;
  const bw = Math.max(1, Math.min(slot * 0.8, 56));
  const y = (v: number) => PAD.t + (1 - v / max) * (H - PAD.t - PAD.b);
  const labelEvery = Math.ceil(stacks.length / 8);
  return (
    <div>
      <svg className="chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label="alerts over time" data-testid="over-time">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(max * f)} y2={y(max * f)} className="grid" />
            <text x={PAD.l - 4} y={y(max * f) + 4} textAnchor="end" className="label">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {stacks.map((s, i) => {
          let acc = 0;
          const x = PAD.l + i * slot + (slot - bw) / 2;
          return (
            <g key={s.t}>
              {s.parts.map((p) => {
                const y0 = y(acc);
                acc += p.count;
                const y1 = y(acc);
                return (
                  <rect key={p.series} x={x} y={y1} width={bw} height={Math.max(0, y0 - y1)} fill={colors[p.series]}>
                    <title>{`${fmtTime(s.t)}  ${labels[p.series] ?? p.series}: ${p.count}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text x={x + bw / 2} y={H - 10} textAnchor="middle" className="label">
                  {fmtTime(s.t).slice(5, 16).replace(' 00:00', '')}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <div className="legend">
        {Object.keys(colors).map((k) => (
          <span key={k}>
            <i style={{ background: colors[k] }} />
            {labels[k] ?? k}
          </span>
        ))}
      </div>
    </div>
  );
}
