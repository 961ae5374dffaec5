// The provenance the page writes into a model file: the history the model came with, and a stage
// for what was trained here. The parts are the few fields provenance() reads.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING } from '../../model/config.ts';
import type { TrainingModel } from '../../model/engine.ts';
import { historyOf } from '../../model/provenance.ts';
import { preset } from '../../model/presets.ts';
import type { Provenance } from '../../model/weights-file.ts';
import type { SessionParts } from './parts.ts';
import { RunSaver } from './run-saver.ts';

const shipped: Provenance = {
  command: 'npm run train -- --model cnn-bn',
  commit: 'a854f83',
  epochs: 3,
  steps: 11250,
  batch: 16,
  testAccuracy: 0.9953,
  testLoss: 0.0157,
  adapter: 'swiftshader',
};

function saverWith(origin: Provenance | null, evaluation: { step: number; accuracy: number; loss: number; confusion: number[][] } | null) {
  const parts = {
    keeper: { latestEvaluation: evaluation },
    slot: { origin, config: { ...DEFAULT_TRAINING, model: preset('cnn-bn'), batchSize: 32 }, needEngine: () => ({ adapterName: 'test gpu' }) },
  } as unknown as SessionParts;
  return new RunSaver(parts);
}
const model = { stepsPerEpoch: 1875 } as TrainingModel;

describe('the page’s provenance', () => {
  it('exports shipped or imported weights, untrained here, with their own provenance and history', () => {
    const p = saverWith(shipped, null).provenance(model, 0, 'trained in the Inkling app');
    expect(p).toMatchObject({ command: shipped.command, steps: 11250, testAccuracy: 0.9953, commit: 'a854f83' });
    expect(historyOf(p)).toEqual([shipped]);
  });

  it('appends what was trained here, with its settings and its test of how many images', () => {
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(10));
    const p = saverWith(shipped, { step: 375, accuracy: 0.99, loss: 0.03, confusion }).provenance(model, 375, 'trained in the Inkling app');
    expect(historyOf(p).map((s) => s.command)).toEqual([shipped.command, 'trained in the Inkling app']);
    expect(p).toMatchObject({ steps: 375, batch: 32, epochs: 0.2, testAccuracy: 0.99, testImages: 1000, settings: { optimizer: 'adam', batchSize: 32 } });
  });

  it('a network trained here from its seed is its own one stage', () => {
    const p = saverWith(null, null).provenance(model, 100, 'trained in the Inkling app');
    expect(historyOf(p)).toHaveLength(1);
    expect(p.testAccuracy).toBeNaN();
  });
});
