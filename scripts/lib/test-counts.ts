// The closing line CI reads, from the output of both test runners (Vitest, then Playwright's list
// reporter). A test that passed only on its retry is counted apart, as flaky: not as passed
// (its first failure must stay visible) and not as failed (Playwright exits 0 for it, and a
// retry that passed must not turn CI red). It gets a loud line of its own above the closing one.

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Playwright's titles of the tests that passed only on a retry. */
  flaky: string[];
}

/** The terminal's colour codes (ESC [ … m). */
const ANSI = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, 'g');

/** Adds up what the runners' summaries say in `log` (colour codes allowed). */
export function countTests(log: string): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0, flaky: [] };
  const lines = log.replace(ANSI, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Vitest, once per run: " Tests  1 failed | 8 passed | 2 skipped (11)".
    if (/^\s+Tests\s/.test(line)) {
      counts.passed += number(line, /(\d+) passed/);
      counts.failed += number(line, /(\d+) failed/);
      counts.skipped += number(line, /(\d+) skipped/);
      continue;
    }
    // Playwright: one line per outcome ("  2 failed", "  5 passed (1.2m)"); failed, interrupted
    // and flaky ones are followed by their tests, one per line, indented four spaces.
    const outcome = /^ {2}(\d+) (passed \(|failed$|interrupted$|flaky$|skipped$)/.exec(line);
    if (!outcome) continue;
    const n = Number(outcome[1]);
    const kind = outcome[2];
    if (kind === 'passed (') counts.passed += n;
    else if (kind === 'skipped') counts.skipped += n;
    else if (kind === 'flaky') counts.flaky.push(...testsBelow(lines, i));
    else counts.failed += n;
  }
  return counts;
}

/** The flaky line (when there are any) and the closing line `N passed, N failed[, N skipped]`, last. */
export function closingLines(counts: TestCounts, exitStatus: number): string[] {
  // A run that failed without a count (a crash, lint, types) still closes as failed.
  const failed = exitStatus !== 0 && counts.failed === 0 ? 1 : counts.failed;
  const lines: string[] = [];
  if (counts.flaky.length > 0) {
    lines.push(`FLAKY: ${counts.flaky.length} test(s) passed only on retry (counted neither passed nor failed): ${counts.flaky.join('; ')}`);
  }
  lines.push(`${counts.passed} passed, ${failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`);
  return lines;
}

function number(line: string, pattern: RegExp): number {
  const m = pattern.exec(line);
  return m ? Number(m[1]) : 0;
}

/** The test titles listed under an outcome line: the lines indented four spaces right after it. */
function testsBelow(lines: string[], at: number): string[] {
  const tests: string[] = [];
  // Each title is drawn as a header, ruled to the terminal's width: the rule is not its name.
  for (let j = at + 1; j < lines.length && /^ {4}\S/.test(lines[j]); j++) tests.push(lines[j].replace(/\s*─*\s*$/, '').trim());
  return tests;
}
