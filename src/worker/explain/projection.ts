// The embedding map's 2D places for rows of features, and where a new row (the drawn digit) goes.
// PCA: the two directions of largest variance, exact and quick; a new row is projected exactly.
// UMAP (umap-js) on the exact nearest-neighbour graph, seeded so the same features give the same
// map: it keeps clusters apart far better, but costs seconds, so it is asked for; a new row goes to
// the weighted mean of its nearest rows' places (umap-js's transform needs the approximate
// neighbour forest that its own search builds, which the exact graph given here skips).
// Wide rows (a conv layer's maps flattened) are first projected at random to fewer values, which
// keeps their distances close (the Johnson–Lindenstrauss lemma) and the work short. Long work
// pauses between pieces, so the worker answers predictions and the heartbeat meanwhile.
import { UMAP } from 'umap-js';
import { rng } from '../../base/random.ts';
import { nearestNeighbours, placeByNeighbours } from './neighbours.ts';

export type ProjectionMethod = 'pca' | 'umap';

export interface Projection {
  method: ProjectionMethod;
  /** x and y of each row, in [0, 1]. */
  places: Float32Array;
  /** Where a new row of the same width goes, on the same scale (it may fall outside [0, 1]). */
  place(row: Float32Array): Promise<[number, number]>;
}

/** Neighbours per point: umap-js's default, and the usual for a few thousand points. */
export const NEIGHBOURS = 15;
/** Wider rows than this are randomly projected down to NARROW_WIDTH first. */
export const MAX_WIDTH = 256;
const NARROW_WIDTH = 64;
/** Rows of work between two pauses. */
const ROWS_PER_PIECE = 100;
/** umap-learn's count for large sets; umap-js's 500 for small ones barely changes a map of 2,000. */
const UMAP_EPOCHS = 200;
const EPOCHS_PER_PIECE = 10;
const POWER_ITERATIONS = 100;

/** Rows of `dims` values as rows of `width`: x · R with R Gaussian (seeded) and scaled to keep lengths. */
function randomProjection(dims: number, width: number, seed: number): (rows: Float32Array, pause?: () => Promise<void>) => Promise<Float32Array> {
  const random = rng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const matrix = Float32Array.from({ length: dims * width }, () => gaussian() / Math.sqrt(width));
  return async (rows, pause) => {
    const count = rows.length / dims;
    const out = new Float32Array(count * width);
    for (let r = 0; r < count; r++) {
      if (pause && r > 0 && r % 10 === 0) await pause();
      for (let d = 0; d < dims; d++) {
        const v = rows[r * dims + d];
        if (v === 0) continue; // ReLU outputs are mostly zeros
        for (let w = 0; w < width; w++) out[r * width + w] += v * matrix[d * width + w];
      }
    }
    return out;
  };
}

interface Narrowed {
  rows: Float32Array;
  width: number;
  /** A new row as `rows` are. */
  narrow: (row: Float32Array) => Promise<Float32Array>;
}

/** The rows as the projections read them: at most MAX_WIDTH values each. */
async function narrowed(features: Float32Array, dims: number, seed: number, pause: () => Promise<void>): Promise<Narrowed> {
  if (dims <= MAX_WIDTH) return { rows: features, width: dims, narrow: (row) => Promise.resolve(row) };
  const narrow = randomProjection(dims, NARROW_WIDTH, seed);
  return { rows: await narrow(features, pause), width: NARROW_WIDTH, narrow };
}

/** Scales places into the unit square keeping their proportions; the same scale for later points. */
function unitSquare(points: Float32Array): (x: number, y: number) => [number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 2) {
    [minX, maxX] = [Math.min(minX, points[i]), Math.max(maxX, points[i])];
    [minY, maxY] = [Math.min(minY, points[i + 1]), Math.max(maxY, points[i + 1])];
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const [left, top] = [minX - (span - (maxX - minX)) / 2, minY - (span - (maxY - minY)) / 2];
  return (x, y) => [(x - left) / span, (y - top) / span];
}

function scaled(points: Float32Array): { places: Float32Array; scale: (x: number, y: number) => [number, number] } {
  const scale = unitSquare(points);
  const places = new Float32Array(points.length);
  for (let i = 0; i < points.length; i += 2) [places[i], places[i + 1]] = scale(points[i], points[i + 1]);
  return { places, scale };
}

export async function project(method: ProjectionMethod, features: Float32Array, dims: number, seed: number, pause: () => Promise<void>): Promise<Projection> {
  const count = features.length / dims;
  if (!Number.isInteger(count) || count <= NEIGHBOURS)
    throw new Error(`embedding: a map needs more than ${NEIGHBOURS} rows of ${dims} values, got ${features.length} values`);
  const rows = await narrowed(features, dims, seed, pause);
  return method === 'pca' ? await pca(rows, seed, pause) : await umap(rows, seed, pause);
}

/** The mean row and the covariance's two leading eigenvectors (power iteration with deflation). */
async function pca({ rows, width, narrow }: Narrowed, seed: number, pause: () => Promise<void>): Promise<Projection> {
  const count = rows.length / width;
  const mean = new Float64Array(width);
  for (let r = 0; r < count; r++) for (let d = 0; d < width; d++) mean[d] += rows[r * width + d] / count;
  const cov = new Float64Array(width * width);
  const centred = new Float64Array(width);
  for (let r = 0; r < count; r++) {
    if (r > 0 && r % ROWS_PER_PIECE === 0) await pause();
    for (let d = 0; d < width; d++) centred[d] = rows[r * width + d] - mean[d];
    for (let a = 0; a < width; a++) {
      const v = centred[a];
      if (v !== 0) for (let b = a; b < width; b++) cov[a * width + b] += v * centred[b];
    }
  }
  for (let a = 0; a < width; a++) for (let b = 0; b < a; b++) cov[a * width + b] = cov[b * width + a];
  const random = rng(seed);
  const axes = [0, 1].map(() => {
    let v = Float64Array.from({ length: width }, () => random() - 0.5);
    for (let i = 0; i < POWER_ITERATIONS; i++) {
      const next = new Float64Array(width);
      for (let a = 0; a < width; a++) for (let b = 0; b < width; b++) next[a] += cov[a * width + b] * v[b];
      const norm = Math.hypot(...next) || 1;
      v = next.map((x) => x / norm);
    }
    // Deflate: the next axis is the largest of what is left.
    let lambda = 0;
    for (let a = 0; a < width; a++) for (let b = 0; b < width; b++) lambda += v[a] * cov[a * width + b] * v[b];
    for (let a = 0; a < width; a++) for (let b = 0; b < width; b++) cov[a * width + b] -= lambda * v[a] * v[b];
    return v;
  });
  const onAxes = (row: Float32Array, at: number): [number, number] => {
    let [x, y] = [0, 0];
    for (let d = 0; d < width; d++) {
      const v = row[at + d] - mean[d];
      x += v * axes[0][d];
      y += v * axes[1][d];
    }
    return [x, y];
  };
  const points = new Float32Array(count * 2);
  for (let r = 0; r < count; r++) [points[2 * r], points[2 * r + 1]] = onAxes(rows, r * width);
  const { places, scale } = scaled(points);
  return { method: 'pca', places, place: async (row) => scale(...onAxes(await narrow(row), 0)) };
}

async function umap({ rows, width, narrow }: Narrowed, seed: number, pause: () => Promise<void>): Promise<Projection> {
  const count = rows.length / width;
  const { indices, distances } = await nearestNeighbours(rows, width, NEIGHBOURS, pause);
  const fit = new UMAP({ nComponents: 2, nNeighbors: NEIGHBOURS, nEpochs: UMAP_EPOCHS, random: rng(seed) });
  fit.setPrecomputedKNN(indices, distances);
  // With the neighbours given, umap-js reads the points only for their count.
  const epochs = fit.initializeFit(Array.from({ length: count }, () => []));
  await pause();
  for (let epoch = 0; epoch < epochs;) {
    epoch = fit.step();
    if (epoch % EPOCHS_PER_PIECE === 0) await pause();
  }
  const { places } = scaled(Float32Array.from(fit.getEmbedding().flat()));
  return { method: 'umap', places, place: async (row) => placeByNeighbours(rows, width, places, await narrow(row), NEIGHBOURS) };
}
