// Prints CI's closing line (and a loud line for flaky tests above it) from the log of `npm test`.
// Usage: tsx scripts/ci-summary.ts <log file> <npm test's exit status>
import { readFileSync } from 'node:fs';
import { closingLines, countTests } from './lib/test-counts.ts';

const [logPath, status] = process.argv.slice(2);
if (!logPath || status === undefined || !/^\d+$/.test(status)) {
  console.error('usage: tsx scripts/ci-summary.ts <log file> <exit status of the tests>');
  process.exit(2);
}
for (const line of closingLines(countTests(readFileSync(logPath, 'utf8')), Number(status))) console.log(line);
