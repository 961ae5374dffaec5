import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gitCommit } from './git-commit.ts';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inkling-git-'));
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  writeFileSync(join(dir, 'a.txt'), 'one');
  git('add', 'a.txt');
  git('commit', '-qm', 'one');
  return dir;
}

describe('gitCommit', () => {
  it('names the short hash, and marks changes to tracked files but not untracked ones', () => {
    const dir = repo();
    const clean = gitCommit(dir);
    expect(clean).toMatch(/^[0-9a-f]{7,}$/);
    writeFileSync(join(dir, 'new.txt'), 'untracked');
    expect(gitCommit(dir)).toBe(clean);
    writeFileSync(join(dir, 'a.txt'), 'two');
    expect(gitCommit(dir)).toBe(`${clean}+dirty`);
  });

  it('is undefined outside a git checkout', () => {
    expect(gitCommit(mkdtempSync(join(tmpdir(), 'inkling-nogit-')))).toBeUndefined();
  });
});
