// --profile: where one Inkling training step spends its GPU time, kernel by kernel, top first.
// The step's recorded dispatches are replayed with a timestamp around each (the weights take a
// few more steps, after every measurement is done).
import type { Dispatch } from '../../src/gpu/dispatch.ts';
import type { ProfileFigure } from './report.ts';
import { timeDispatches } from './gpu-timer.ts';

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

export async function profileStep(
  device: GPUDevice,
  step: readonly Dispatch[],
  opts: { repeats: number; hasTimestamps: boolean; now: () => number },
): Promise<ProfileFigure[]> {
  if (!opts.hasTimestamps) throw new Error('--profile needs the timestamp-query feature, which this adapter does not offer');
  return byKernel(await timeDispatches(device, step, { repeats: opts.repeats, timestamps: true, now: opts.now }));
}
