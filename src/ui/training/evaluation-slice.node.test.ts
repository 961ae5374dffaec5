import { describe, expect, it } from 'vitest';
import { preset } from '../../model/presets';
import type { Evaluation, RestoredRun } from '../../worker/protocol';
import { initialPersistence, persistenceReduce } from '../models/persistence-slice';
import { accuracyFigure, evaluationReduce, initialEvaluation, testedAccuracy } from './evaluation-slice';

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
      check: null,
      histograms: [],
    };
    const s = evaluationReduce(initialEvaluation, { type: 'restored', run }, model);
    expect(s.history).toEqual(run.evaluations);
    expect(testedAccuracy(s, model)).toBe(0.8);
    expect(persistenceReduce(initialPersistence, { type: 'restored', run })).toMatchObject({ savedStep: 30, savedAt: 5 });
    expect(testedAccuracy(evaluationReduce(initialEvaluation, { type: 'restored', run: { ...run, lastEvaluation: null } }, model), model)).toBeNull();
  });

  it("a file's recorded accuracy is shown as its claim until a check on these weights, and the first test replaces that", () => {
    const model = preset('cnn');
    const claim = { label: 'cnn', accuracy: 1 };
    expect(accuracyFigure(initialEvaluation, model, 'cnn', claim)).toEqual({ kind: 'recorded', accuracy: 1 });
    // The claim is the named weights', not those of a fine-tune of them or of a new run.
    expect(accuracyFigure(initialEvaluation, model, 'cnn · fine-tuned on 8 of your digits', claim)).toBeNull();
    expect(accuracyFigure(initialEvaluation, model, null, claim)).toBeNull();
    const checked = evaluationReduce(initialEvaluation, { type: 'checked', check: { step: 0, images: 1000, accuracy: 0.098, loss: 2.3 } }, model);
    expect(accuracyFigure(checked, model, 'cnn', claim)).toEqual({ kind: 'check', accuracy: 0.098, images: 1000 });
    // Another model (an import since) was not the one checked.
    expect(accuracyFigure(checked, structuredClone(model), 'cnn', claim)).toEqual({ kind: 'recorded', accuracy: 1 });
    const tested = evaluationReduce(checked, { type: 'evaluation', evaluation: evaluation(0, 0.1) }, model);
    expect(accuracyFigure(tested, model, 'cnn', claim)).toEqual({ kind: 'test', accuracy: 0.1 });
  });

  it('a rollback takes away the tests and checks of the steps it went back past', () => {
    const model = preset('mlp');
    let s = evaluationReduce(initialEvaluation, { type: 'checked', check: { step: 0, images: 1000, accuracy: 0.5, loss: 1 } }, model);
    for (const step of [32, 64, 93]) s = evaluationReduce(s, { type: 'evaluation', evaluation: evaluation(step, step / 100) }, model);
    expect(testedAccuracy(s, model)).toBe(0.93);
    const back = evaluationReduce(s, { type: 'rolled-back', step: 87 }, model);
    expect(back.history.map((p) => p.step)).toEqual([32, 64]);
    expect(back.latest).toBeNull();
    expect(testedAccuracy(back, model)).toBeNull();
    // The check at step 0 measured weights a rollback to 87 did not bring back, but it was taken at 0: kept as the step it names.
    expect(back.check?.figure.step).toBe(0);
    expect(accuracyFigure(back, model, null, null)).toEqual({ kind: 'check', accuracy: 0.5, images: 1000 });
    // A rollback to before the check drops it too; one to the latest test's step keeps that test.
    expect(evaluationReduce(s, { type: 'rolled-back', step: 93 }, model).latest?.step).toBe(93);
    const late = evaluationReduce(initialEvaluation, { type: 'checked', check: { step: 50, images: 1000, accuracy: 0.5, loss: 1 } }, model);
    expect(evaluationReduce(late, { type: 'rolled-back', step: 40 }, model).check).toBeNull();
  });

  it('keeps one layer-histogram ridge per step, in step order, and a rollback drops the later ones', () => {
    const ridge = (step: number) => ({ step, epoch: 1, sinceStep: null, layers: [] });
    let s = initialEvaluation;
    for (const step of [64, 32, 96, 64]) s = evaluationReduce(s, { type: 'histograms', ridge: ridge(step) }, null);
    expect(s.ridges.map((r) => r.step)).toEqual([32, 64, 96]);
    expect(evaluationReduce(s, { type: 'rolled-back', step: 70 }, null).ridges.map((r) => r.step)).toEqual([32, 64]);
  });
});
