import { describe, expect, it } from 'vitest';
import { preset } from '../../model/presets';
import type { Evaluation, RestoredRun } from '../../worker/protocol';
import { initialPersistence, persistenceReduce } from '../models/persistence-slice';
import { evaluationReduce, initialEvaluation, testedAccuracy } from './evaluation-slice';

function evaluation(step: number, accuracy: number): Evaluation {
  return { step, epoch: 1, loss: 1 - accuracy, accuracy, perClassAccuracy: [], confusion: [], samples: [] };
}

describe('evaluation slice', () => {
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
