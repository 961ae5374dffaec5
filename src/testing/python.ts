// Python with PyTorch for the export tests: found once (INKLING_PYTHON, then python3 and Debian's
// /usr/bin/python3, the first that imports torch), or null with the reason, so the tests can say
// why they skip. CI installs Debian's python3-torch (.ci/run).
import { spawnSync } from 'node:child_process';

export interface PythonTorch {
  python: string;
  version: string;
}

function probe(python: string): PythonTorch | string {
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return `${python}: ${r.error.message}`;
  if (r.status !== 0) return `${python}: ${r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}`}`;
  return { python, version: r.stdout.trim() };
}

let found: PythonTorch | string | undefined;

/** Python with torch, or a sentence saying why there is none here. */
export function findTorch(): PythonTorch | string {
  if (found !== undefined) return found;
  const candidates = [process.env.INKLING_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  const reasons: string[] = [];
  for (const c of candidates) {
    const r = probe(c);
    if (typeof r !== 'string') return (found = r);
    reasons.push(r);
  }
  return (found = `no Python with PyTorch (apt-get install python3-torch): ${reasons.join('; ')}`);
}

/** Runs Python with `args` in `cwd`; returns stdout, or throws with the command's stderr. */
export function runPython(py: PythonTorch, args: string[], cwd: string, timeoutMs = 600_000): string {
  const r = spawnSync(py.python, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 2 ** 20, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${py.python} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** The last line of stdout as JSON: what train.py ends with. */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}
