// The measurement loop: every engine trains the same number of steps per round, and the order
// rotates each round so that slow drift (thermal, other processes, GC) hits each engine at
// every position rather than always the same one.

/** Round r runs the engines rotated left by r. */
export function roundOrder<T>(engines: readonly T[], round: number): T[] {
  const n = engines.length;
  if (n === 0) return [];
  const k = ((round % n) + n) % n;
  return [...engines.slice(k), ...engines.slice(0, k)];
}

export interface Timed<T> {
  engine: T;
  round: number;
  ms: number;
}

/** Runs `rounds` rounds of `work` over the engines and returns each one's wall time. */
export async function runRounds<T>(
  engines: readonly T[],
  rounds: number,
  work: (engine: T) => Promise<void>,
  now: () => number,
  onTimed?: (t: Timed<T>) => void,
): Promise<Timed<T>[]> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a positive integer, got ${rounds}`);
  const times: Timed<T>[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const engine of roundOrder(engines, round)) {
      const t0 = now();
      await work(engine);
      const t = { engine, round, ms: now() - t0 };
      times.push(t);
      onTimed?.(t);
    }
  }
  return times;
}
