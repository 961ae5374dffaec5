// What an Inkling training step costs the host, beside the GPU time: how many dispatches and
// compute passes the trainer encodes (counted on the encoders it really makes), the CPU time of
// writing, encoding and submitting a step (the trainer's own timing, which never waits on the
// GPU), and the GPU memory the trainer and the uploaded dataset hold.
import type { Trainer } from '../../src/gpu/trainer.ts';
import { median } from './stats.ts';

/** CPU time of the submits of one trainSteps call: writing step slots, encoding and queue.submit, never waiting on the GPU. */
export interface HostTime {
  steps: number;
  submits: number;
  /** Each submit's ms per step, in order. */
  perSubmit: number[];
}

/** Collects the trainer's per-submit host time (its onSubmitted hook) into one HostTime per call. */
export class HostTimer {
  private current: HostTime = { steps: 0, submits: 0, perSubmit: [] };

  /** The trainer's hook: the bench sets it, the app never does. */
  readonly onSubmitted = (steps: number, hostMs: number): void => {
    this.current.steps += steps;
    this.current.submits++;
    this.current.perSubmit.push(hostMs / steps);
  };

  /** The submits since the last take. */
  take(): HostTime {
    const t = this.current;
    this.current = { steps: 0, submits: 0, perSubmit: [] };
    return t;
  }
}

export interface HostFigures {
  dispatches_per_step: number;
  /** Compute passes per submit; a submit holds `steps_per_submit` steps. */
  passes_per_submit: number;
  /** Steps per submit in the timed calls (the trainer sizes submits to about 50 ms of GPU work). */
  steps_per_submit: number;
  /** CPU ms to write the step slots, encode and submit one step: the median over the submits of `host_calls` calls. */
  host_ms_per_step: number;
  host_calls: number;
  /** GPU bytes: the trainer's plans, snapshots and readback ring; the MNIST upload it shares; their sum. */
  gpu_bytes: { trainer: number; dataset: number; total: number };
}

/**
 * The median of every submit's host ms per step over the calls. The median, not the mean: on a
 * software adapter the "GPU" is the CPU's own cores, and a submit that meets it busy (waiting on
 * the GPU process) takes several times its neighbours; the mean of 5 calls swung from 0.08 to
 * 0.33 ms a step between runs of the same commit.
 */
export function hostMsPerStep(calls: readonly HostTime[]): number {
  const samples = calls.flatMap((c) => c.perSubmit);
  if (samples.length === 0) throw new Error('host time of no steps');
  return median(samples);
}

export interface EncodeCounts {
  encoders: number;
  passes: number;
  dispatches: number;
}

/**
 * Runs `work` with the device's command encoders counted: compute passes, and dispatches in
 * them. An instance property wraps createCommandEncoder for the duration, then goes.
 */
export async function countEncoded(device: GPUDevice, work: () => Promise<void>): Promise<EncodeCounts> {
  const counts: EncodeCounts = { encoders: 0, passes: 0, dispatches: 0 };
  const own = Object.getOwnPropertyDescriptor(device, 'createCommandEncoder');
  const createEncoder = device.createCommandEncoder.bind(device);
  device.createCommandEncoder = (descriptor?: GPUCommandEncoderDescriptor) => {
    const encoder = createEncoder(descriptor);
    counts.encoders++;
    const beginPass = encoder.beginComputePass.bind(encoder);
    encoder.beginComputePass = (passDescriptor?: GPUComputePassDescriptor) => {
      const pass = beginPass(passDescriptor);
      counts.passes++;
      const dispatch = pass.dispatchWorkgroups.bind(pass);
      pass.dispatchWorkgroups = (x: number, y?: number, z?: number) => {
        counts.dispatches++;
        dispatch(x, y, z);
      };
      return pass;
    };
    return encoder;
  };
  try {
    await work();
  } finally {
    if (own) Object.defineProperty(device, 'createCommandEncoder', own);
    else delete (device as { createCommandEncoder?: unknown }).createCommandEncoder;
  }
  return counts;
}

/** Number of trainSteps calls whose host time is averaged. */
const HOST_CALLS = 5;

/** Trains `steps` steps once counted, then HOST_CALLS times timed; the trainer must be warm. */
export async function hostFigures(device: GPUDevice, trainer: Trainer, timer: HostTimer, datasetBytes: number, steps: number): Promise<HostFigures> {
  let trained = 0;
  const counted = await countEncoded(device, async () => {
    trained = await trainer.trainSteps(steps);
  });
  if (trained === 0 || counted.encoders === 0) throw new Error('the host probe trained no step');
  const calls: HostTime[] = [];
  for (let i = 0; i < HOST_CALLS; i++) {
    timer.take();
    await trainer.trainSteps(steps);
    calls.push(timer.take());
  }
  const submits = calls.reduce((s, c) => s + c.submits, 0);
  const timedSteps = calls.reduce((s, c) => s + c.steps, 0);
  return {
    dispatches_per_step: counted.dispatches / trained,
    passes_per_submit: counted.passes / counted.encoders,
    steps_per_submit: timedSteps / submits,
    host_ms_per_step: hostMsPerStep(calls),
    host_calls: calls.length,
    gpu_bytes: { trainer: trainer.allocatedBytes, dataset: datasetBytes, total: trainer.allocatedBytes + datasetBytes },
  };
}
