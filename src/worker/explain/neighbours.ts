// Exact nearest neighbours among the embedded digits' features, rows of `dims` floats one after
// another: the graph UMAP builds its map from (computed here, in pieces, so that the worker keeps
// answering while it runs), and where the drawn digit goes on the map.

export interface Neighbours {
  /** k indices per row, nearest first; a row is not its own neighbour. */
  indices: number[][];
  /** Their Euclidean distances. */
  distances: number[][];
}

/** Rows between two pauses: a few milliseconds of work at a few hundred features. */
const ROWS_PER_PIECE = 64;

function squaredDistance(a: Float32Array, at: number, b: Float32Array, bt: number, dims: number): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const diff = a[at + d] - b[bt + d];
    sum += diff * diff;
  }
  return sum;
}

/** The k nearest of `count` rows of `features` to the row at `at` of `point` (`skip`: a row to leave out), nearest first, squared distances. */
function nearest(
  features: Float32Array,
  count: number,
  dims: number,
  point: Float32Array,
  at: number,
  k: number,
  skip: number,
): { index: number[]; d2: number[] } {
  const index: number[] = [];
  const d2: number[] = [];
  for (let j = 0; j < count; j++) {
    if (j === skip) continue;
    const d = squaredDistance(features, j * dims, point, at, dims);
    if (index.length === k && d >= d2[k - 1]) continue;
    let slot = index.length === k ? k - 1 : index.length;
    while (slot > 0 && d2[slot - 1] > d) {
      d2[slot] = d2[slot - 1];
      index[slot] = index[slot - 1];
      slot--;
    }
    d2[slot] = d;
    index[slot] = j;
  }
  return { index, d2 };
}

/** Each row's k nearest other rows; `pause` is awaited between pieces of the work. */
export async function nearestNeighbours(features: Float32Array, dims: number, k: number, pause: () => Promise<void>): Promise<Neighbours> {
  const count = features.length / dims;
  if (!Number.isInteger(count) || count <= k) throw new Error(`nearestNeighbours: ${count} rows of ${dims} values cannot give ${k} neighbours each`);
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % ROWS_PER_PIECE === 0) await pause();
    const { index, d2 } = nearest(features, count, dims, features, i * dims, k, i);
    indices.push(index);
    distances.push(d2.map(Math.sqrt));
  }
  return { indices, distances };
}

/**
 * Where a new point goes on a map of the rows: the mean of its k nearest rows' places, weighted by
 * the inverse of their distance (on a row itself when it is one), as UMAP starts a new point.
 */
export function placeByNeighbours(features: Float32Array, dims: number, places: Float32Array, point: Float32Array, k: number): [number, number] {
  if (point.length !== dims) throw new Error(`placeByNeighbours: the point has ${point.length} values; the map's rows have ${dims}`);
  const count = features.length / dims;
  const { index, d2 } = nearest(features, count, dims, point, 0, Math.min(k, count), -1);
  if (d2[0] === 0) return [places[index[0] * 2], places[index[0] * 2 + 1]];
  let x = 0;
  let y = 0;
  let total = 0;
  for (let n = 0; n < index.length; n++) {
    const w = 1 / Math.sqrt(d2[n]);
    x += w * places[index[n] * 2];
    y += w * places[index[n] * 2 + 1];
    total += w;
  }
  return [x / total, y / total];
}
