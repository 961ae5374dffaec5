import { describe, expect, it } from 'vitest';
import { buildGraph, initParams, initState, unpackWeights, type NamedTensors } from '../model/graph.ts';
import { parseModelSpec } from '../model/spec.ts';
import { decodeModelFile, type Provenance } from '../model/weights-file.ts';
import { RunKeeper } from './persist/run-keeper.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { SavedModels } from './saved-models.ts';

const spec = parseModelSpec({ name: 'tiny', layers: [{ kind: 'dense', units: 10 }] });
const graph = buildGraph(spec);
const weights = (): NamedTensors => unpackWeights(graph, { params: initParams(graph, 1), state: initState(graph) });

const provenance = (steps: number, testAccuracy = Number.NaN): Provenance => ({
  command: 'saved in a test',
  epochs: steps / 100,
  steps,
  batch: 64,
  testAccuracy,
  testLoss: Number.NaN,
  adapter: 'none',
});

describe('SavedModels', () => {
  const shelf = () => new SavedModels(new RunKeeper(new MemoryStore(), () => undefined));

  it('keeps a model file under a name, with its summary and test, and gives the file back as saved', async () => {
    const models = shelf();
    const [entry] = await models.add('mine', spec, weights(), provenance(300, 0.91));
    expect(entry).toMatchObject({ name: 'mine', accuracy: 0.91, steps: 300 });
    expect(entry.summary).toContain('7,850 parameters');
    const { file, name } = await models.file(entry.id);
    expect(name).toBe('saved model "mine"');
    const decoded = decodeModelFile(file, name);
    expect(decoded.meta.spec).toEqual(spec);
    expect(decoded.meta.provenance?.steps).toBe(300);
    expect(decoded.weights).toEqual(weights());
  });

  it('names an unnamed model after its network and step, and records no accuracy for an untested one', async () => {
    const [entry] = await shelf().add('  ', spec, weights(), provenance(42));
    expect(entry).toMatchObject({ name: 'tiny · step 42', accuracy: null });
  });

  it('renames and removes, and refuses a bad name or id with a message', async () => {
    const models = shelf();
    await models.add('a', spec, weights(), provenance(1));
    const [b, a] = await models.add('b', spec, weights(), provenance(2));
    expect((await models.rename(a.id, 'A')).map((m) => m.name)).toEqual(['b', 'A']);
    expect((await models.remove(b.id)).map((m) => m.name)).toEqual(['A']);
    await expect(models.rename(a.id, '')).rejects.toThrow("a model's name may not be empty");
    await expect(models.file(b.id)).rejects.toThrow(`there is no saved model with id ${b.id}`);
    await expect(models.file(Number.NaN)).rejects.toThrow('there is no saved model with id NaN');
  });
});
