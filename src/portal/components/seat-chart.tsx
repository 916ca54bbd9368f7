// Seats over time as an SVG line chart (no chart library): provisioned, activated and active in 30 days per day, with a
// description for screen readers and the same figures as a table.
import { useId } from 'react';
import type { SeatHistoryPoint } from '../api/types.ts';
import { TableHead } from './table-head.tsx';

const SERIES = [
  ['provisioned', 'Provisioned'],
  ['activated', 'Activated'],
  ['active30d', 'Active in 30 days'],
] as const;

const W = 720;
const H = 240;
const PAD = { left: 44, right: 16, top: 12, bottom: 28 };

/** A round step for the y axis (1, 2, 5 × 10ⁿ) giving about four lines, whole numbers: seats are people. */
function niceStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw) ?? 10 * power;
}

function describe(history: SeatHistoryPoint[]): string {
  const first = history[0];
  const last = history[history.length - 1];
  if (!first || !last) return 'No figures recorded yet.';
  if (history.length === 1) return `${last.day}: ${last.provisioned} provisioned, ${last.activated} activated, ${last.active30d} active in the last 30 days.`;
  return `From ${first.day} to ${last.day} (${history.length} days recorded): provisioned went from ${first.provisioned} to ${last.provisioned}, activated from ${first.activated} to ${last.activated}, active in 30 days from ${first.active30d} to ${last.active30d}.`;
}

export function SeatChart({ history }: { history: SeatHistoryPoint[] }) {
  const titleId = useId();
  const descId = useId();
  const max = Math.max(0, ...history.flatMap((p) => [p.provisioned, p.activated, p.active30d]));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const first = history[0]?.day ?? '';
  const last = history[history.length - 1]?.day ?? '';
  // Days are placed by date, so a gap in the recording shows as a gap in time, not as neighbouring points.
  const t0 = Date.parse(first);
  const span = Math.max(1, Date.parse(last) - t0);
  const x = (day: string) => (history.length === 1 ? PAD.left + (W - PAD.left - PAD.right) / 2 : PAD.left + ((Date.parse(day) - t0) / span) * (W - PAD.left - PAD.right));
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  return (
    <figure className="chart">
      <div className="chart-scroll">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={descId} className="chart-svg" data-testid="seat-chart">
          <title id={titleId}>Seats by day</title>
          <desc id={descId}>{describe(history)}</desc>
          {ticks.map((v) => (
            <g key={v} className="chart-grid">
              <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
              <text x={PAD.left - 8} y={y(v) + 4} textAnchor="end">
                {v}
              </text>
            </g>
          ))}
          <text className="chart-axis" x={PAD.left} y={H - 8} textAnchor="start">
            {first}
          </text>
          {last !== first && (
            <text className="chart-axis" x={W - PAD.right} y={H - 8} textAnchor="end">
              {last}
            </text>
          )}
          {SERIES.map(([key]) => (
            <g key={key} className={`series series-${key}`}>
              {history.length > 1 && <polyline fill="none" points={history.map((p) => `${x(p.day)},${y(p[key])}`).join(' ')} />}
              {history.map((p) => (
                <circle key={p.day} cx={x(p.day)} cy={y(p[key])} r={history.length > 60 ? 1.5 : 3} />
              ))}
            </g>
          ))}
        </svg>
      </div>
      <figcaption className="legend">
        {SERIES.map(([key, label]) => (
          <span key={key} className="legend-item">
            <span className={`swatch swatch-${key}`} aria-hidden="true" /> {label}
          </span>
        ))}
      </figcaption>
      <details>
        <summary>Show the figures as a table</summary>
        <div className="table-wrap">
          <table className="table" aria-label="Seats by day">
            <TableHead columns={['Day', ...SERIES.map(([, label]) => label), 'Suspended']} />
            <tbody>
              {[...history].reverse().map((p) => (
                <tr key={p.day}>
                  <th scope="row">{p.day}</th>
                  <td>{p.provisioned}</td>
                  <td>{p.activated}</td>
                  <td>{p.active30d}</td>
                  <td>{p.suspended}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
