// One layer's outputs over the first images of the test set, on the evaluation plan's network
// (ReadingModel.testOutputs): each batch runs its gather and forward, then its rows of the layer's
// output, whole or reduced to each channel's maximum on the GPU, are copied into one result
// buffer, read back once. The result and scratch buffers live for one request only: a view that
// is closed holds none.
import { ceilDiv, encodeDispatches, type GpuContext } from './dispatch.ts';
import { EVAL_BATCHES_PER_SUBMIT, type EvalPlan } from './eval-plan.ts';
import { channelMax } from './kernels/channel-max.ts';
import { readBuffers } from './read-buffers.ts';
import { channelLayout } from '../model/channels.ts';
import type { OutputReduction } from '../model/engine.ts';
import type { ModelGraph } from '../model/graph.ts';
import { size } from '../model/shape.ts';

export async function readTestOutputs(
  ctx: GpuContext,
  graph: ModelGraph,
  plan: EvalPlan,
  layer: number,
  count: number,
  reduce: OutputReduction,
): Promise<Float32Array> {
  const l = graph.layers[layer];
  if (!Number.isInteger(layer) || !l) throw new Error(`testOutputs: layer ${layer} is not one of the network's ${graph.layers.length} layers (0-based)`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`testOutputs: count must be a positive whole number, got ${count}`);
  const n = Math.min(count, plan.count);
  const { device } = ctx;
  const { batch } = plan.network;
  const floatsPerRow = reduce === 'channel-max' ? channelLayout(l.output).channels : size(l.output);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const result = device.createBuffer({ label: `test-outputs.${l.spec.name}`, size: n * floatsPerRow * 4, usage });
  const scratch = reduce === 'channel-max' ? device.createBuffer({ label: `test-outputs.${l.spec.name}.maxima`, size: batch * floatsPerRow * 4, usage }) : null;
  try {
    const reduction = scratch
      ? await channelMax(ctx, { rows: batch, output: l.output }, { x: plan.network.outputs[layer], maxima: scratch }, 'test-outputs.channel-max')
      : [];
    const source = scratch ?? plan.network.outputs[layer];
    const batches = ceilDiv(n, batch);
    for (let first = 0; first < batches; first += EVAL_BATCHES_PER_SUBMIT) {
      const encoder = device.createCommandEncoder({ label: 'test outputs' });
      for (let i = first; i < Math.min(batches, first + EVAL_BATCHES_PER_SUBMIT); i++) {
        // The next batch's forward overwrites the network's buffers: copy this one's rows out first.
        const pass = encoder.beginComputePass({ label: 'test outputs' });
        encodeDispatches(pass, [...plan.forwards[i], ...reduction]);
        pass.end();
        const rows = Math.min(batch, n - i * batch);
        encoder.copyBufferToBuffer(source, 0, result, i * batch * floatsPerRow * 4, rows * floatsPerRow * 4);
      }
      device.queue.submit([encoder.finish()]);
    }
    const [bytes] = await readBuffers(device, 'test-outputs/readback', [{ buffer: result, bytes: n * floatsPerRow * 4 }]);
    return new Float32Array(bytes);
  } finally {
    result.destroy();
    scratch?.destroy();
  }
}
