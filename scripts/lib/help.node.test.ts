// `--help` on both npm run CLIs: the usage on stdout and exit 0, nothing started.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wantsHelp } from './help.ts';

describe('--help', () => {
  it('is asked by --help or -h anywhere on the line', () => {
    expect(wantsHelp(['--model', 'cnn', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--model', 'cnn'])).toBe(false);
  });

  it.each([
    ['scripts/train/cli.ts', /^usage: npm run train -- \[--model /],
    ['scripts/bench/cli.ts', /^npm run bench -- \[options\]\n\s+--runtime/],
  ])(
    '%s --help prints the usage and exits 0',
    (cli, usage) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', cli, '--help'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(usage);
      expect(run.status).toBe(0);
      // Starting tsx and the CLI's imports takes seconds on a loaded machine.
    },
    60_000,
  );
});
