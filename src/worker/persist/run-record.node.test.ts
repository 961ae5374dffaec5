import { describe, expect, it } from 'vitest';
import { buildGraph, initParams, initState, unpackWeights } from '../../model/graph.ts';
import { preset } from '../../model/presets.ts';
import { encodeSafetensors } from '../../model/safetensors.ts';
import { encodeModelFile } from '../../model/weights-file.ts';
import type { TrainConfig } from '../../model/config.ts';
import { decodeRun, encodeRun, RUN_FORMAT, type RunRecord, type RunState } from './run-record.ts';

const CONFIG: TrainConfig = {
  model: preset('mlp'),
  optimizer: 'adam',
  learningRate: 2e-3,
  batchSize: 32,
  epochs: 3,
  seed: 9,
  schedule: 'cosine',
  augment: true,
};

const RIDGE = {
  step: 1875,
  epoch: 1,
  sinceStep: null,
  layers: [{ layer: 0, name: 'dense1', weights: { min: -1, max: 1, counts: [3, 5] }, gradients: { min: 0, max: 0, counts: [8, 0] }, updateRatio: null }],
};

function state(): RunState {
  const graph = buildGraph(CONFIG.model);
  const weights = unpackWeights(graph, { params: initParams(graph, 9), state: initState(graph) });
  const moment = (k: number) => Float32Array.from({ length: graph.paramFloats }, (_, i) => (i % 7) * k);
  return {
    config: CONFIG,
    label: null,
    epoch: 2,
    checkpoint: { step: 2000, optimizer: 'adam', weights, moments: { m: moment(0.5), v: moment(0.25) } },
    provenance: { command: 'test', epochs: 1.07, steps: 2000, batch: 32, testAccuracy: 0.9, testLoss: 0.3, adapter: 'none' },
    metrics: { steps: Uint32Array.from([1, 2, 3]), loss: Float32Array.from([2, 1.5, 1]), accuracy: Float32Array.from([0.25, 0.5, 0.75]) },
    evaluations: [{ step: 1875, epoch: 1, loss: 0.3, accuracy: 0.9 }],
    lastEvaluation: null,
    recordedAccuracy: 0.99,
    check: { step: 2000, images: 1000, accuracy: 0.95, loss: 0.2 },
    histograms: [RIDGE],
    savedAt: 1_700_000_000_000,
  };
}

/** Element by element (toEqual on large typed arrays takes seconds). */
function same(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** As IndexedDB gives it back. */
const stored = (r: RunRecord): RunRecord => structuredClone(r);

describe('run records', () => {
  it('keeps the layer histograms this run can have measured, and drops a ridge of a later step or with counts that are not counts', () => {
    const later = { ...RIDGE, step: 2500 };
    const broken = { ...RIDGE, step: 1900, layers: [{ ...RIDGE.layers[0], weights: { min: 0, max: 1, counts: [-1] } }] };
    const back = decodeRun(stored({ ...encodeRun(state()), histograms: [later, broken, RIDGE] }));
    expect(back.restored.histograms).toEqual([RIDGE]);
    // Runs saved before the histograms read back with none.
    expect(decodeRun(stored({ ...encodeRun(state()), histograms: undefined })).restored.histograms).toEqual([]);
  });

  it('a run reads back whole: settings, network, weights, moments, step, history', () => {
    const s = state();
    const back = decodeRun(stored(encodeRun(s)));
    expect(back.config).toEqual(CONFIG);
    expect(back.checkpoint.step).toBe(2000);
    expect(back.checkpoint.optimizer).toBe('adam');
    expect(Object.keys(back.checkpoint.moments)).toEqual(['m', 'v']);
    expect(same(back.checkpoint.moments.m, s.checkpoint.moments.m) && same(back.checkpoint.moments.v, s.checkpoint.moments.v)).toBe(true);
    for (const [name, t] of Object.entries(s.checkpoint.weights)) expect(same(back.checkpoint.weights[name].data, t.data), name).toBe(true);
    expect(back.restored).toEqual({
      savedAt: s.savedAt,
      step: 2000,
      metrics: s.metrics,
      evaluations: s.evaluations,
      lastEvaluation: null,
      check: s.check,
      histograms: [RIDGE],
    });
    expect(back.recordedAccuracy).toBe(0.99);
  });

  it('a run saved before moments had names (a list, stored as adam.m, adam.v) reads back with its moments named', () => {
    const s = state();
    const { model, ...config } = s.config;
    const list = [s.checkpoint.moments.m, s.checkpoint.moments.v];
    // Written as the code before the optimizer registry wrote it: the list's tensors under fixed names, by position.
    const tensors = Object.fromEntries(['adam.m', 'adam.v'].map((name, i) => [name, { shape: [list[i].length], data: list[i] }]));
    const record: RunRecord = {
      format: RUN_FORMAT,
      savedAt: s.savedAt,
      step: 2000,
      epoch: 2,
      config,
      label: null,
      model: encodeModelFile(s.checkpoint.weights, { spec: model, provenance: s.provenance }).buffer,
      optimizer: encodeSafetensors(tensors, { format: 'inkling-optimizer/1', optimizer: 'adam', step: '2000' }).buffer,
      metrics: s.metrics,
      evaluations: s.evaluations,
      lastEvaluation: null,
    };
    const back = decodeRun(stored(record));
    // Nor had it a recorded accuracy or a check.
    expect(back.recordedAccuracy).toBeNull();
    expect(back.restored.check).toBeNull();
    expect(Object.keys(back.checkpoint.moments)).toEqual(['m', 'v']);
    expect(same(back.checkpoint.moments.m, list[0])).toBe(true);
    expect(same(back.checkpoint.moments.v, list[1])).toBe(true);
    expect(same(back.checkpoint.moments.m, list[1])).toBe(false);
  });

  it('refuses a damaged or foreign record, naming what is wrong', () => {
    const good = encodeRun(state());
    const bad = (patch: Partial<RunRecord>) => () => decodeRun({ ...stored(good), ...patch });
    expect(() => decodeRun(undefined)).toThrow('the saved run is not a record');
    expect(bad({ format: 'inkling-run/0' as typeof RUN_FORMAT })).toThrow(`the saved run has format "inkling-run/0"; this version reads ${RUN_FORMAT}`);
    expect(bad({ step: -1 })).toThrow('the saved run has no valid step (-1)');
    expect(bad({ step: 5 })).toThrow('the saved run holds optimizer state of step 2000, its weights are of step 5');
    expect(bad({ config: { ...good.config, optimizer: 'sgd' } })).toThrow("the saved run holds adam's optimizer state for a run with sgd");
    expect(bad({ model: new ArrayBuffer(16) })).toThrow(/^the saved model/);
    expect(bad({ optimizer: good.model })).toThrow(/holds optimizer state of format "inkling\/3", expected inkling-optimizer\/1/);
    expect(bad({ metrics: { ...good.metrics, loss: new Float32Array(2) } })).toThrow(
      'the saved run has a metric history of 3 steps but 2 losses and 3 accuracies',
    );
    const sgd = encodeRun({
      ...state(),
      config: { ...CONFIG, optimizer: 'sgd' },
      checkpoint: { ...state().checkpoint, optimizer: 'sgd', moments: { velocity: new Float32Array(101_770) } },
    });
    expect(() => decodeRun({ ...stored(sgd), config: { ...sgd.config, optimizer: 'adam' }, optimizer: stored(sgd).optimizer })).toThrow(
      "the saved run holds sgd's optimizer state for a run with adam",
    );
  });
});

describe('run records, tampered tests', () => {
  it('keeps the run but drops test figures it cannot have measured', () => {
    const record = stored(encodeRun(state()));
    const back = decodeRun({ ...record, evaluations: [null, { step: 1875, epoch: 1, loss: 0.3, accuracy: Number.NaN }], lastEvaluation: { accuracy: 2 } });
    expect(back.restored.evaluations).toEqual([]);
    expect(back.restored.lastEvaluation).toBeNull();
    expect(back.checkpoint.step).toBe(2000);
  });

  it('drops a check of a later step or one no test gives, and a recorded accuracy no test gives', () => {
    const record = stored(encodeRun(state()));
    const check = { step: 2000, images: 1000, accuracy: 0.95, loss: 0.2 };
    for (const bad of [{ ...check, step: 2001 }, { ...check, accuracy: 1.5 }, { ...check, images: 0 }, { ...check, loss: Number.NaN }, null, 'check']) {
      expect(decodeRun({ ...record, check: bad }).restored.check, JSON.stringify(bad)).toBeNull();
    }
    for (const bad of [Number.NaN, 2, -1, '0.9']) {
      expect(decodeRun({ ...record, recordedAccuracy: bad }).recordedAccuracy, String(bad)).toBeNull();
    }
  });
});
