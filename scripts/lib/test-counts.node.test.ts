import { describe, expect, it } from 'vitest';
import { closingLines, countTests } from './test-counts.ts';

// Summaries as the runners print them (with their colour codes), recorded from real runs: Vitest's
// closing block, and Playwright's list reporter with retries: 1.
const c = (code: number, text: string) => `\x1b[${code}m${text}\x1b[39m`;
const RULE = `\x1b[2m${'─'.repeat(30)}\x1b[22m`;
const VITEST = [
  `\x1b[2m Test Files \x1b[22m \x1b[1m${c(31, '1 failed')}\x1b[22m\x1b[2m | \x1b[22m\x1b[1m${c(32, '40 passed')}\x1b[22m\x1b[90m (41)\x1b[39m`,
  `\x1b[2m      Tests \x1b[22m \x1b[1m${c(31, '5 failed')}\x1b[22m\x1b[2m | \x1b[22m\x1b[1m${c(32, '611 passed')}\x1b[22m\x1b[2m | \x1b[22m${c(33, '2 skipped')}\x1b[90m (618)\x1b[39m`,
  `\x1b[2m   Start at \x1b[22m 07:12:36`,
].join('\n');
const PLAYWRIGHT = [
  `  1) [webgpu] › e2e/app.spec.ts:67:5 › invalid settings are refused next to their field ──────`,
  ``,
  `    Error: expect(locator).toHaveText(expected) failed`,
  ``,
  c(31, '  1 failed'),
  c(31, `    [webgpu] › e2e/app.spec.ts:81:5 › the model exports to a file and imports back ${RULE}`),
  c(33, '  2 flaky'),
  c(33, `    [webgpu] › e2e/training.spec.ts:17:5 › start, pause, resume, reset ${RULE}`),
  c(33, `    [no-webgpu] › e2e/no-webgpu.spec.ts:5:5 › says why and what to do ${RULE}`),
  c(33, '  1 skipped'),
  `${c(32, '  30 passed')}\x1b[2m (4.2m)\x1b[22m`,
].join('\n');

describe('CI closing line', () => {
  it('adds up both runners; a test that passed only on its retry is counted apart, by name', () => {
    const counts = countTests(`${VITEST}\n\n> inkling@1.0.0 test:e2e\n${PLAYWRIGHT}\n`);
    expect(counts).toEqual({
      passed: 641,
      failed: 6,
      skipped: 3,
      flaky: ['[webgpu] › e2e/training.spec.ts:17:5 › start, pause, resume, reset', '[no-webgpu] › e2e/no-webgpu.spec.ts:5:5 › says why and what to do'],
    });
    expect(closingLines(counts, 1)).toEqual([
      'FLAKY: 2 test(s) passed only on retry (counted neither passed nor failed): [webgpu] › e2e/training.spec.ts:17:5 › start, pause, resume, reset; [no-webgpu] › e2e/no-webgpu.spec.ts:5:5 › says why and what to do',
      '641 passed, 6 failed, 3 skipped',
    ]);
  });

  it('a flaky test alone turns nothing red: the closing line stays plain, the flaky line says it', () => {
    const log = [c(33, '  1 flaky'), c(33, `    [webgpu] › e2e/app.spec.ts:67:5 › invalid settings ${RULE}`), `${c(32, '  4 passed')} (1.0m)`].join('\n');
    expect(closingLines(countTests(log), 0)).toEqual([
      'FLAKY: 1 test(s) passed only on retry (counted neither passed nor failed): [webgpu] › e2e/app.spec.ts:67:5 › invalid settings',
      '4 passed, 0 failed',
    ]);
  });

  it('no flaky line when none was flaky; a failed run without a count still closes as failed', () => {
    expect(closingLines(countTests(VITEST), 1)).toEqual(['611 passed, 5 failed, 2 skipped']);
    expect(closingLines(countTests('npm ERR! lint failed'), 2)).toEqual(['0 passed, 1 failed']);
    expect(closingLines(countTests(`${c(31, '  2 interrupted')}\n    [webgpu] › e2e/app.spec.ts:1:1 › a\n`), 1)).toEqual(['0 passed, 2 failed']);
  });
});
