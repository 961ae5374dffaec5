import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../base/random.ts';
import { nearestNeighbours, placeByNeighbours } from './neighbours.ts';
import { MAX_WIDTH, project, type Projection, type ProjectionMethod } from './projection.ts';

const now = () => Promise.resolve();

/** `perCluster` rows around each of `clusters` far-apart centres in `dims` values, cluster after cluster. */
function clustered(clusters: number, perCluster: number, dims: number, seed: number): Float32Array {
  const random = rng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dims }, () => random() * 20));
  const rows = new Float32Array(clusters * perCluster * dims);
  for (let c = 0; c < clusters; c++)
    for (let i = 0; i < perCluster; i++) for (let d = 0; d < dims; d++) rows[(c * perCluster + i) * dims + d] = centres[c][d] + random() - 0.5;
  return rows;
}

/** Each cluster's centre and largest distance from it on the map. */
function spreads(places: Float32Array, clusters: number, perCluster: number): { x: number; y: number; radius: number }[] {
  return Array.from({ length: clusters }, (_, c) => {
    let [x, y] = [0, 0];
    for (let i = c * perCluster; i < (c + 1) * perCluster; i++) [x, y] = [x + places[2 * i] / perCluster, y + places[2 * i + 1] / perCluster];
    let radius = 0;
    for (let i = c * perCluster; i < (c + 1) * perCluster; i++) radius = Math.max(radius, Math.hypot(places[2 * i] - x, places[2 * i + 1] - y));
    return { x, y, radius };
  });
}

describe.each<[ProjectionMethod, number]>([
  ['pca', 12],
  ['umap', 12],
  ['pca', MAX_WIDTH + 44],
])('project (%s) on %i values per row', (method, dims) => {
  const [clusters, perCluster] = [3, 40];
  const rows = clustered(clusters, perCluster, dims, 5);
  let projection: Projection;
  // umap-js fits its curve's parameters on each run: seconds on a busy machine, even for a few points.
  beforeAll(async () => void (projection = await project(method, rows, dims, 1, now)), 30_000);

  it('keeps well-separated clusters apart, inside the unit square, the same each time', async () => {
    const { places } = projection;
    expect(places).toHaveLength(clusters * perCluster * 2);
    for (const v of places) expect(v >= 0 && v <= 1).toBe(true);
    const s = spreads(places, clusters, perCluster);
    for (let a = 0; a < clusters; a++)
      for (let b = a + 1; b < clusters; b++) expect(Math.hypot(s[a].x - s[b].x, s[a].y - s[b].y)).toBeGreaterThan(s[a].radius + s[b].radius);
    expect((await project(method, rows, dims, 1, now)).places).toEqual(places);
  }, 30_000);

  it('places a new row of a cluster among that cluster', async () => {
    const { places } = projection;
    const s = spreads(places, clusters, perCluster);
    for (let c = 0; c < clusters; c++) {
      const near = Float32Array.from(rows.subarray(c * perCluster * dims, (c * perCluster + 1) * dims), (v) => v + 0.1);
      const [x, y] = await projection.place(near);
      const nearest = s.map((p, i) => ({ i, d: Math.hypot(p.x - x, p.y - y) })).sort((p, q) => p.d - q.d)[0];
      expect(nearest.i).toBe(c);
    }
  });
});

describe('project refuses', () => {
  it('too few rows for a map, naming the count', async () => {
    await expect(project('pca', new Float32Array(10 * 4), 4, 1, now)).rejects.toThrow(/more than 15 rows of 4 values, got 40 values/);
  });

  it('stops when its pause says so', async () => {
    const stop = () => Promise.reject(new Error('closed'));
    await expect(project('umap', clustered(2, 20, 8, 1), 8, 1, stop)).rejects.toThrow('closed');
  });
});

describe('nearestNeighbours and placeByNeighbours', () => {
  const dims = 3;
  const rows = clustered(2, 10, dims, 9);

  it('finds the same neighbours as sorting every distance', async () => {
    const { indices, distances } = await nearestNeighbours(rows, dims, 4, now);
    for (let i = 0; i < 20; i++) {
      const all = Array.from({ length: 20 }, (_, j) => ({ j, d: Math.hypot(...[0, 1, 2].map((d) => rows[i * dims + d] - rows[j * dims + d])) }))
        .filter((p) => p.j !== i)
        .sort((p, q) => p.d - q.d);
      expect(indices[i]).toEqual(all.slice(0, 4).map((p) => p.j));
      distances[i].forEach((d, n) => expect(d).toBeCloseTo(all[n].d, 4));
    }
  });

  it('puts a row that is on the map on its own place, and another among its neighbours', () => {
    const places = Float32Array.from({ length: 40 }, (_, i) => i / 40);
    expect(placeByNeighbours(rows, dims, places, rows.slice(3 * dims, 4 * dims), 5)).toEqual([places[6], places[7]]);
    const [x, y] = placeByNeighbours(
      rows,
      dims,
      places,
      Float32Array.from(rows.slice(0, dims), (v) => v + 0.01),
      3,
    );
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThan(places[2 * 9] + 1e-6);
    expect(y).toBeLessThan(places[2 * 9 + 1] + 1e-6);
  });

  it('refuses a point of another width', () => {
    expect(() => placeByNeighbours(rows, dims, new Float32Array(40), new Float32Array(2), 3)).toThrow(/the point has 2 values; the map's rows have 3/);
  });
});
