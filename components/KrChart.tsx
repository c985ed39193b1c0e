/**
 * A KR's check-ins over its cycle against the expected straight line, as a small inline SVG
 * (no chart library: one polyline costs nothing in the bundle).
 */
import type { CheckIn, Cycle, KeyResult } from '@/lib/okr/model';
import { dayNumber } from '@/lib/okr/dates';
import { formatValue, krProgress } from '@/lib/okr/progress';

const W = 480;
const H = 120;
const PAD = { l: 36, r: 8, t: 8, b: 20 };

export function KrChart({
  kr,
  history,
  cycle,
  today,
}: {
  kr: KeyResult;
  history: readonly CheckIn[];
  cycle: Cycle;
  today: string;
}) {
  const start = dayNumber(cycle.start);
  const span = Math.max(1, dayNumber(cycle.end) - start);
  const x = (iso: string) => PAD.l + ((dayNumber(iso) - start) / span) * (W - PAD.l - PAD.r);
  const y = (p: number) => PAD.t + (1 - Math.max(0, Math.min(1, p))) * (H - PAD.t - PAD.b);
  const points = [...history]
    .filter((c) => c.at.slice(0, 10) >= cycle.start && c.at.slice(0, 10) <= cycle.end)
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((c) => ({ c, px: x(c.at), py: y(krProgress(kr, c.value)) }));
  const todayX = today >= cycle.start && today <= cycle.end ? x(today) : undefined;
  const label = `${kr.code} progress over ${cycle.name}: ${points.length} check-ins${
    points.length ? `, latest ${formatValue(points[points.length - 1]!.c.value, kr.unit)}` : ''
  }; the dashed line is the expected pace.`;
  return (
    <svg className="kr-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {[0, 0.5, 1].map((p) => (
        <g key={p}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(p)} y2={y(p)} className="grid" />
          <text x={PAD.l - 6} y={y(p) + 4} textAnchor="end" className="axis">
            {Math.round(p * 100)}%
          </text>
        </g>
      ))}
      <text x={PAD.l} y={H - 4} className="axis">
        {cycle.start}
      </text>
      <text x={W - PAD.r} y={H - 4} textAnchor="end" className="axis">
        {cycle.end}
      </text>
      <line x1={x(cycle.start)} y1={y(0)} x2={x(cycle.end)} y2={y(1)} className="expected" />
      {todayX !== undefined ? (
        <line x1={todayX} x2={todayX} y1={PAD.t} y2={H - PAD.b} className="today" />
      ) : null}
      {points.length > 1 ? (
        <polyline points={points.map((p) => `${p.px},${p.py}`).join(' ')} className="actual" />
      ) : null}
      {points.map((p, i) => (
        <circle key={i} cx={p.px} cy={p.py} r={3.5} className="dot">
          <title>{`${p.c.at.slice(0, 10)}: ${formatValue(p.c.value, kr.unit)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
