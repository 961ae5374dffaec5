// --profile: where one Inkling training step spends its GPU time, kernel by kernel, top first.
// The step's dispatches are timed by kernels.ts's timeStep, which --kernels shares.
import type { ProfileFigure } from './report.ts';

/** "dense1/forward" and "dense1.forward" stay apart; a numbered repeat ("…#3") joins its kernel. */
function kernelName(label: string): string {
  return label.replace(/#\d+$/, '');
}

export function byKernel(times: readonly { label: string; ms: number }[]): ProfileFigure[] {
  const total = times.reduce((s, t) => s + t.ms, 0);
  const rows = new Map<string, ProfileFigure>();
  for (const t of times) {
    const kernel = kernelName(t.label);
    const row = rows.get(kernel) ?? { kernel, ms: 0, share: 0, calls: 0 };
    row.ms += t.ms;
    row.calls++;
    rows.set(kernel, row);
  }
  for (const row of rows.values()) row.share = total > 0 ? row.ms / total : 0;
  return [...rows.values()].sort((a, b) => b.ms - a.ms);
}
