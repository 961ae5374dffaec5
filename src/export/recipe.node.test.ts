import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING } from '../model/config.ts';
import { appendStage } from '../model/provenance.ts';
import { recipeOf, recipeOfCommand, recipeOfConfig } from './recipe.ts';

const stage = { epochs: 3, steps: 11250, batch: 16, testAccuracy: 0.99, testLoss: 0.02, adapter: 'gpu' };

describe('the recipe a model was trained with', () => {
  it('reads the flags of an npm run train command, and nothing from other commands', () => {
    expect(recipeOfCommand('npm run train -- --model cnn-bn --epochs 3 --batch 16 --lr 0.002 --schedule anneal --augment --seed 1 --save x')).toEqual({
      epochs: 3,
      batchSize: 16,
      learningRate: 0.002,
      schedule: 'anneal',
      augment: true,
      seed: 1,
    });
    expect(recipeOfCommand('npm run train -- --rotate=10 --zoom 0.1 --label-smoothing 0.1 --optimizer sgd')).toEqual({
      rotate: 10,
      zoom: 0.1,
      labelSmoothing: 0.1,
      optimizer: 'sgd',
    });
    expect(recipeOfCommand('trained in the Inkling app')).toEqual({});
  });

  it('takes the newest stage that recorded settings or a command that sets them; Inkling’s defaults otherwise', () => {
    const first = { ...stage, command: 'npm run train -- --lr 0.002 --batch 16' };
    expect(recipeOf(first)).toMatchObject({ learningRate: 0.002, batchSize: 16, optimizer: 'adam', beta2: 0.999, eps: 1e-7 });
    const settings = recipeOfConfig({ ...DEFAULT_TRAINING, learningRate: 5e-4, labelSmoothing: 0.1 });
    const second = appendStage(first, { ...stage, command: 'trained in the Inkling app', settings: { ...settings } });
    expect(recipeOf(second)).toEqual(settings);
    expect(recipeOf(appendStage(second, { ...stage, command: 'made elsewhere' }))).toEqual(settings);
    expect(recipeOf(null)).toEqual(recipeOfConfig(DEFAULT_TRAINING));
  });
});
