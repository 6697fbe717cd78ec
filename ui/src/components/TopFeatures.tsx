// The classifier's top features as signed bars around zero: red pushes towards "malicious", blue away from it.

import type { TopFeature } from '../api/types.js';

const W = 600;
const LABEL = 280;
const ROW = 22;

export function TopFeatures({ features, probability }: { features: TopFeature[]; probability?: number }) {
  if (!features.length) return <p className="muted">The classifier gave no feature contributions for this event.</p>;
  const max = Math.max(...features.map((f) => Math.abs(f.contribution)), 1e-9);
  const half = (W - LABEL - 60) / 2;
  const zero = LABEL + half;
  const h = features.length * ROW + 18;
  return (
    <div>
      {probability !== undefined && (
        <p>
          Malicious probability <b data-testid="malicious-probability">{(probability * 100).toFixed(1)}%</b>
        </p>
      )}
      <svg className="chart" width={W} height={h} viewBox={`0 0 ${W} ${h}`} role="img" aria-label="classifier top features" data-testid="top-features">
        <line x1={zero} x2={zero} y1={0} y2={h - 14} className="axis" />
        {features.map((f, i) => {
          const len = (Math.abs(f.contribution) / max) * half;
          const y = i * ROW + 3;
          const pos = f.contribution >= 0;
          return (
            <g key={`${f.feature}-${i}`}>
              <title>{`${f.feature}${f.value !== undefined ? ` = ${String(f.value)}` : ''}: ${f.description} (${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(3)})`}</title>
              <text x={LABEL - 6} y={y + 13} textAnchor="end" className="label">
                {truncate(f.description || f.feature, 46)}
              </text>
              <rect x={pos ? zero : zero - len} y={y} width={Math.max(len, 1)} height={ROW - 6} className={pos ? 'bar-pos' : 'bar-neg'} />
              <text x={pos ? zero + len + 4 : zero - len - 4} y={y + 13} textAnchor={pos ? 'start' : 'end'} className="value">
                {`${pos ? '+' : ''}${f.contribution.toFixed(2)}`}
              </text>
            </g>
          );
        })}
        <text x={zero - 4} y={h - 2} textAnchor="end" className="label muted">
          ← benign
        </text>
        <text x={zero + 4} y={h - 2} className="label muted">
          malicious →
        </text>
      </svg>
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
