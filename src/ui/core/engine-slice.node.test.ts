import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, preset } from '../../model/presets';
import type { Evaluation } from '../../worker/protocol';
import { engineReduce, initialEngine } from './engine-slice';
import { initialSettings } from '../training/settings-slice';
import { DEFAULT_TRAINING } from '../../model/config';
import { evaluationReduce, initialEvaluation, testedAccuracy } from '../training/evaluation-slice';
import { predictedDigit } from '../drawing/drawing-slice';
import { initialPersistence, persistenceReduce } from '../models/persistence-slice';
import type { RestoredRun } from '../../worker/protocol';

function evaluation(step: number, accuracy: number): Evaluation {
  return { step, epoch: 1, loss: 1 - accuracy, accuracy, perClassAccuracy: [], confusion: [], samples: [] };
}

describe('store slices', () => {
  it('engine: a failure stays failed when progress of another download comes after it', () => {
    let s = engineReduce(initialEngine, { type: 'loading', what: 'MNIST', loaded: 5, total: 10 });
    s = engineReduce(s, { type: 'error', message: 'MNIST could not be loaded: t10k-labels-idx1-ubyte.gz: HTTP 404', fatal: true });
    s = engineReduce(s, { type: 'loading', what: 'MNIST', loaded: 10, total: 10 });
    expect(s).toMatchObject({ phase: 'failed', failure: 'MNIST could not be loaded: t10k-labels-idx1-ubyte.gz: HTTP 404' });
  });

  it('engine: loading, then ready with the adapter and pretrained label', () => {
    let s = engineReduce(initialEngine, { type: 'loading', what: 'MNIST', loaded: 5, total: 10 });
    expect(s.phase).toBe('loading');
    expect(s.loading).toEqual({ what: 'MNIST', loaded: 5, total: 10 });
    s = engineReduce(s, {
      type: 'ready',
      adapter: 'SwiftShader',
      trainSize: 60000,
      testSize: 10000,
      model: preset('cnn'),
      pretrained: 'cnn · 98.6% test accuracy',
    });
    expect(s).toMatchObject({ phase: 'ready', loading: null, adapter: 'SwiftShader', pretrained: 'cnn · 98.6% test accuracy' });
    expect(s.model).toEqual(preset('cnn'));
  });

  it('settings: the form starts on the quick default preset with the engine defaults', () => {
    expect(initialSettings.draft.model).toBe(DEFAULT_PRESET);
    expect(initialSettings.draft.epochs).toBe(String(DEFAULT_TRAINING.epochs));
  });

  it('engine: unsupported and fatal errors change the phase; notices do not', () => {
    expect(engineReduce(initialEngine, { type: 'unsupported', reason: 'no-adapter', message: 'none' }).phase).toBe('unsupported');
    const noticed = engineReduce(initialEngine, { type: 'notice', message: 'device recovered' });
    expect(noticed.phase).toBe('connecting');
    expect(noticed.notices.map((n) => n.message)).toEqual(['device recovered']);
    const failed = engineReduce(initialEngine, { type: 'error', message: 'boom', fatal: true });
    expect(failed).toMatchObject({ phase: 'failed', failure: 'boom' });
  });

  it('evaluation: history sorted by step, one point per step', () => {
    const model = preset('mlp');
    let s = evaluationReduce(initialEvaluation, { type: 'evaluation', evaluation: evaluation(20, 0.9) }, model);
    s = evaluationReduce(s, { type: 'evaluation', evaluation: evaluation(10, 0.8) }, model);
    s = evaluationReduce(s, { type: 'evaluation', evaluation: evaluation(20, 0.95) }, model);
    expect(s.history.map((p) => [p.step, p.accuracy])).toEqual([
      [10, 0.8],
      [20, 0.95],
    ]);
    expect(s.latest?.accuracy).toBe(0.95);
  });

  it('evaluation: the accuracy belongs to the model it measured, not to one switched or imported since', () => {
    const model = preset('mlp');
    expect(testedAccuracy(initialEvaluation, model)).toBeNull();
    const tested = evaluationReduce(initialEvaluation, { type: 'evaluation', evaluation: evaluation(0, 0.97) }, model);
    expect(testedAccuracy(tested, model)).toBe(0.97);
    expect(testedAccuracy(tested, null)).toBeNull();
    // The same network trained again or read from a file is another model: equal specs are not enough.
    expect(testedAccuracy(tested, structuredClone(model))).toBeNull();
    expect(testedAccuracy(tested, preset('cnn'))).toBeNull();
    // Other events leave the tested model as it was.
    expect(evaluationReduce(tested, { type: 'notice', message: 'device recovered' }, preset('cnn'))).toBe(tested);
    // An evaluation before any model is known measures nothing the header can name.
    expect(testedAccuracy(evaluationReduce(initialEvaluation, { type: 'evaluation', evaluation: evaluation(0, 0.5) }, null), null)).toBeNull();
  });

  it('predicted digit is the most likely class', () => {
    expect(predictedDigit(null)).toBeNull();
    expect(predictedDigit(new Float32Array([0.1, 0.2, 0.6, 0.1]))).toBe(2);
  });

  it('persistence: saves move the saved step; a storage error is kept (and noticed) until a save lands', () => {
    let s = persistenceReduce(initialPersistence, { type: 'saved', step: 40, savedAt: 1000 });
    expect(s).toMatchObject({ savedStep: 40, savedAt: 1000, problem: null });
    s = persistenceReduce(s, { type: 'storage-error', message: 'Your work is not being saved: quota' });
    expect(s).toMatchObject({ savedStep: 40, problem: 'Your work is not being saved: quota' });
    expect(engineReduce(initialEngine, { type: 'storage-error', message: 'quota' }).notices).toMatchObject([{ kind: 'error', message: 'quota' }]);
    expect(persistenceReduce(s, { type: 'saved', step: 41, savedAt: 2000 }).problem).toBeNull();
  });

  it('a restored run brings back its tests, as measurements of the restored model, and its saved step', () => {
    const model = preset('mlp');
    const run: RestoredRun = {
      savedAt: 5,
      step: 30,
      metrics: { steps: new Uint32Array(0), loss: new Float32Array(0), accuracy: new Float32Array(0) },
      evaluations: [{ step: 20, epoch: 1, loss: 0.5, accuracy: 0.8 }],
      lastEvaluation: evaluation(20, 0.8),
    };
    const s = evaluationReduce(initialEvaluation, { type: 'restored', run }, model);
    expect(s.history).toEqual(run.evaluations);
    expect(testedAccuracy(s, model)).toBe(0.8);
    expect(persistenceReduce(initialPersistence, { type: 'restored', run })).toMatchObject({ savedStep: 30, savedAt: 5 });
    expect(testedAccuracy(evaluationReduce(initialEvaluation, { type: 'restored', run: { ...run, lastEvaluation: null } }, model), model)).toBeNull();
  });
});
