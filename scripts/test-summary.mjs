// After `vitest run`, says what the GPU suite ran on and how many kernel cases passed, from
// Vitest's JSON report. Fails when the kernel suite ran nothing: a silent skip is a failure.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
let adapter = null;
const kernel = { passed: 0, failed: 0 };
for (const file of report.testResults) {
  const isKernel = /src\/gpu\/kernels\/.*\.gpu\.test\.ts$/.test(file.name);
  for (const t of file.assertionResults) {
    if (t.meta?.adapter) adapter = t.meta.adapter;
    if (!isKernel) continue;
    if (t.status === 'passed') kernel.passed++;
    else if (t.status === 'failed') kernel.failed++;
  }
}
console.log(`GPU suite adapter: ${adapter ?? 'none'}; kernel cases: ${kernel.passed} passed, ${kernel.failed} failed`);
if (!adapter || kernel.passed === 0) {
  console.error('The kernel suite did not run on a WebGPU adapter.');
  process.exit(1);
}
