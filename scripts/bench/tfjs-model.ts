// What the TF.js engine trains: one of the models the peers build (config.ts), started from
// Inkling's initial weights. The engine owns the data, the batch order and Adam; a model owns
// only its variables and its forward pass, so each model is one small file.
import type { ModelSpec } from '../../src/model/spec.ts';
import { peerModel } from './config.ts';
import { tfjsCnn } from './tfjs-cnn.ts';
import { tfjsRnn } from './tfjs-rnn.ts';
import type { TfjsModel } from './tfjs-types.ts';

export type { TfjsModel };

/** Builds the model on TF.js's current backend; throws for a model the peers do not build. */
export function tfjsModel(spec: ModelSpec, seed: number): TfjsModel {
  const name = peerModel(spec);
  if (name === 'cnn') return tfjsCnn(seed);
  if (name === 'rnn') return tfjsRnn(seed);
  throw new Error(`TF.js builds the cnn and rnn presets only, not ${spec.name}`);
}
