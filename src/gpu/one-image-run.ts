// Runs a plan built for a batch of one on one image, and reads what it wrote back through one
// staging buffer: the prediction of a drawn digit and the inside view share it. Staging buffers
// are kept (making and freeing one per drawn digit costs time on every prediction); a run that finds none idle,
// because another is still being read, makes one more, also kept.
import { encodeDispatches, type Dispatch, type GpuContext } from './dispatch.ts';
import type { BufferArena, BufferDecl } from './memory.ts';

/** A range of a GPU buffer to read back, in the staging buffer's order. */
export interface Readback {
  source: GPUBuffer;
  /** Bytes into the source. */
  offset: number;
  floats: number;
}

/**
 * One run's work when it is not the plan's own: values written to plan buffers first (in queue
 * order, so overlapping runs each see their own), then compute passes, each followed by copies
 * into the staging buffer, which takes them in order. Copies between passes read a buffer as it
 * stands at that point of the run.
 */
export interface OneImageJob {
  writes: readonly { buffer: GPUBuffer; values: Float32Array }[];
  passes: readonly { dispatches: readonly Dispatch[]; then: readonly Readback[] }[];
}

const MAPPABLE = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
/**
 * Written over the staging buffer's first word before each run: a NaN whose bits no kernel and no
 * copy makes. Read back, it means the GPU refused the run's work, which would otherwise hand back
 * the previous run's result from the reused buffer.
 */
const NOT_WRITTEN = 0x7f8badad;

export class OneImageRun {
  private readonly idle: GPUBuffer[];

  constructor(
    private readonly ctx: GpuContext,
    private readonly arena: BufferArena,
    /** Names the run in its messages: "predict", "inside view". */
    private readonly what: string,
    private readonly input: GPUBuffer,
    readonly inputSize: number,
    private readonly dispatches: readonly Dispatch[],
    private readonly readbacks: readonly Readback[],
    /** The staging buffer, as the plan's layout declares it: every readback's floats. */
    private readonly staging: BufferDecl,
  ) {
    const floats = readbacks.reduce((sum, r) => sum + r.floats, 0);
    if (staging.bytes < floats * 4) throw new Error(`${what}: staging ${staging.label} holds ${staging.bytes} bytes, the readbacks ${floats * 4}`);
    this.idle = [this.makeStaging()];
  }

  private makeStaging(): GPUBuffer {
    return this.arena.create(this.staging.label, this.staging.bytes, MAPPABLE);
  }

  /** The readbacks' floats (the job's, when given), one after another, in a buffer of its own. */
  async run(image: Float32Array, job?: OneImageJob): Promise<ArrayBuffer> {
    if (image.length !== this.inputSize) throw new Error(`${this.what}: expected ${this.inputSize} pixel values, got ${image.length}`);
    const { device } = this.ctx;
    const { writes, passes } = job ?? { writes: [], passes: [{ dispatches: this.dispatches, then: this.readbacks }] };
    const floats = passes.reduce((sum, p) => sum + p.then.reduce((s, r) => s + r.floats, 0), 0);
    if (floats * 4 > this.staging.bytes)
      throw new Error(`${this.what}: staging ${this.staging.label} holds ${this.staging.bytes} bytes, the run reads ${floats * 4}`);
    // Overlapping runs share the input and the plan's buffers safely (the queue runs each
    // submit's write, dispatches and copies in order), but each needs its own staging buffer.
    const staging = this.idle.pop() ?? this.makeStaging();
    device.queue.writeBuffer(staging, 0, new Uint32Array([NOT_WRITTEN]));
    device.queue.writeBuffer(this.input, 0, new Float32Array(image));
    for (const w of writes) device.queue.writeBuffer(w.buffer, 0, w.values);
    const encoder = device.createCommandEncoder({ label: this.what });
    let at = 0;
    for (const { dispatches, then } of passes) {
      const pass = encoder.beginComputePass({ label: this.what });
      encodeDispatches(pass, dispatches);
      pass.end();
      for (const r of then) {
        encoder.copyBufferToBuffer(r.source, r.offset, staging, at * 4, r.floats * 4);
        at += r.floats;
      }
    }
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, at * 4);
    } catch (e) {
      // The plan was destroyed or the device lost: this staging buffer is of no more use.
      throw new Error(`${this.what}: the result could not be read back (${e instanceof Error ? e.message : String(e)})`);
    }
    const bytes = staging.getMappedRange(0, at * 4).slice(0);
    staging.unmap();
    this.idle.push(staging);
    if (new Uint32Array(bytes, 0, 1)[0] === NOT_WRITTEN) throw new Error(`${this.what}: the GPU did not run it: its work was refused (see the GPU error)`);
    return bytes;
  }
}
