import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, preset } from '../../model/presets';
import type { Evaluation } from '../../worker/protocol';
import { engineReduce, initialEngine } from './engine-slice';
import { initialSettings } from './settings-slice';
import { DEFAULT_TRAINING } from '../../model/config';
import { evaluationReduce, initialEvaluation, testedAccuracy } from './evaluation-slice';
import { predictedDigit } from './drawing-slice';

function evaluation(step: number, accuracy: number): Evaluation {
  return { step, epoch: 1, loss: 1 - accuracy, accuracy, perClassAccuracy: [], confusion: [], samples: [] };
}

describe('store slices', () => {
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
});
