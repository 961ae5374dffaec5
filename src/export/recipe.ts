// The training recipe of a model, as the exported PyTorch project's recipe.json holds it: the
// settings of the newest stage of its history that recorded them, or, for a file made before
// stages kept settings, the flags of its `npm run train` command; what neither names is
// Inkling's default. The optimizer's hyperparameters are Inkling's (Keras') defaults.
import { DEFAULT_TRAINING, type TrainConfig } from '../model/config.ts';
import { DEFAULT_HYPER } from '../model/optimizers/index.ts';
import { historyOf, type Provenance } from '../model/provenance.ts';

export interface Recipe {
  optimizer: string;
  learningRate: number;
  batchSize: number;
  epochs: number;
  schedule: string;
  augment: boolean;
  rotate: number;
  zoom: number;
  labelSmoothing: number;
  seed: number;
  beta1: number;
  beta2: number;
  eps: number;
  momentum: number;
}

/** The recipe of a training config: what a stage of the history records as its settings. */
export function recipeOfConfig(c: Omit<TrainConfig, 'model'>): Recipe {
  return {
    optimizer: c.optimizer,
    learningRate: c.learningRate,
    batchSize: c.batchSize,
    epochs: c.epochs,
    schedule: c.schedule ?? DEFAULT_TRAINING.schedule,
    augment: c.augment ?? false,
    rotate: c.rotate ?? 0,
    zoom: c.zoom ?? 0,
    labelSmoothing: c.labelSmoothing ?? 0,
    seed: c.seed,
    ...DEFAULT_HYPER,
  };
}

const DEFAULT_RECIPE: Recipe = recipeOfConfig(DEFAULT_TRAINING);

/** `npm run train` flags that set a recipe field, with how each reads its value. */
const FLAGS: Record<string, [keyof Recipe, (v: string) => string | number]> = {
  '--optimizer': ['optimizer', String],
  '--lr': ['learningRate', Number],
  '--batch': ['batchSize', Number],
  '--epochs': ['epochs', Number],
  '--schedule': ['schedule', String],
  '--rotate': ['rotate', Number],
  '--zoom': ['zoom', Number],
  '--label-smoothing': ['labelSmoothing', Number],
  '--seed': ['seed', Number],
};

/** The recipe fields an `npm run train -- …` command line sets; {} for any other command. */
export function recipeOfCommand(command: string): Partial<Recipe> {
  const words = command.trim().split(/\s+/);
  if (words.slice(0, 3).join(' ') !== 'npm run train') return {};
  const out: Record<string, unknown> = {};
  for (let i = 3; i < words.length; i++) {
    const [flag, inline] = words[i].split('=', 2);
    if (flag === '--augment') out.augment = true;
    const known = FLAGS[flag];
    if (!known) continue;
    const raw = inline ?? words[++i];
    const value = raw === undefined ? undefined : known[1](raw);
    if (value !== undefined && !(typeof value === 'number' && Number.isNaN(value))) out[known[0]] = value;
  }
  return out;
}

/** The recipe the model was last trained with (see the file's head). */
export function recipeOf(p: Partial<Provenance> | null | undefined): Recipe {
  for (const stage of historyOf(p).toReversed()) {
    if (stage.settings && typeof stage.settings === 'object') return { ...DEFAULT_RECIPE, ...(stage.settings as Partial<Recipe>) };
    const fromCommand = recipeOfCommand(stage.command);
    if (Object.keys(fromCommand).length > 0) return { ...DEFAULT_RECIPE, ...fromCommand };
  }
  return DEFAULT_RECIPE;
}
