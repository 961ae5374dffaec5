// The commit a command runs at, for a saved model's provenance: the short hash, "+dirty" when
// tracked files differ from it; undefined outside a git checkout.
import { spawnSync } from 'node:child_process';

export function gitCommit(cwd = process.cwd()): string | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return undefined;
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
}
