export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '—';
  return perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** FLOPs with an SI prefix: "4.94 MFLOP", "1.2 GFLOP". */
export function formatFlops(flops: number): string {
  if (!Number.isFinite(flops) || flops < 0) return '—';
  const units: [number, string][] = [
    [1e9, 'GFLOP'],
    [1e6, 'MFLOP'],
    [1e3, 'kFLOP'],
  ];
  for (const [scale, unit] of units) if (flops >= scale) return `${(flops / scale).toPrecision(3)} ${unit}`;
  return `${flops} FLOP`;
}

/** A per-sample shape as people write it: "32×26×26". */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** A moment in local time, as a list shows it: "2026-11-30 03:41". */
export function formatWhen(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export { formatBytes } from '../../model/bytes';
