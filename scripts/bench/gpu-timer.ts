// GPU time per dispatch. With timestamp-query, each dispatch gets its own compute pass with a
// begin/end timestamp, so the figure is device time alone; without it, each dispatch is
// submitted and waited for, and the figure includes the submit round trip (said in the output).
import { encodeDispatches, type Dispatch } from '../../src/gpu/dispatch.ts';
import { median } from './stats.ts';

export interface DispatchTime {
  label: string;
  /** Median over the repeats, in milliseconds. */
  ms: number;
}

async function timestamped(device: GPUDevice, dispatches: readonly Dispatch[], repeats: number): Promise<number[][]> {
  const count = dispatches.length * 2;
  const querySet = device.createQuerySet({ label: 'bench/timestamps', type: 'timestamp', count });
  const resolve = device.createBuffer({ label: 'bench/timestamps.resolve', size: count * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ label: 'bench/timestamps.read', size: count * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const ms: number[][] = dispatches.map(() => []);
  try {
    for (let r = 0; r < repeats; r++) {
      const encoder = device.createCommandEncoder({ label: 'bench/timed' });
      dispatches.forEach((d, i) => {
        const pass = encoder.beginComputePass({
          label: d.label,
          timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
        });
        encodeDispatches(pass, [d]);
        pass.end();
      });
      encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, read, 0, count * 8);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const t = new BigUint64Array(read.getMappedRange().slice(0));
      read.unmap();
      dispatches.forEach((_, i) => ms[i].push(Number(t[2 * i + 1] - t[2 * i]) / 1e6));
    }
  } finally {
    querySet.destroy();
    resolve.destroy();
    read.destroy();
  }
  return ms;
}

async function waited(device: GPUDevice, dispatches: readonly Dispatch[], repeats: number, now: () => number): Promise<number[][]> {
  const ms: number[][] = dispatches.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (const [i, d] of dispatches.entries()) {
      const encoder = device.createCommandEncoder({ label: 'bench/waited' });
      const pass = encoder.beginComputePass({ label: d.label });
      encodeDispatches(pass, [d]);
      pass.end();
      const t0 = now();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      ms[i].push(now() - t0);
    }
  }
  return ms;
}

/** Runs the dispatches in order `repeats` times (after one untimed run) and times each. */
export async function timeDispatches(
  device: GPUDevice,
  dispatches: readonly Dispatch[],
  opts: { repeats: number; timestamps: boolean; now: () => number },
): Promise<DispatchTime[]> {
  await waited(device, dispatches, 1, opts.now);
  const ms = opts.timestamps ? await timestamped(device, dispatches, opts.repeats) : await waited(device, dispatches, opts.repeats, opts.now);
  return dispatches.map((d, i) => ({ label: d.label, ms: median(ms[i]) }));
}
