// Test fixture: loads the MNIST test set inside a dedicated module worker (no DOM there) and
// posts back what arrived, for mnist-browser.gpu.test.ts.
import { DEFAULT_DATA_URL, loadMnistSplitFromUrl } from './mnist-browser.ts';

loadMnistSplitFromUrl(DEFAULT_DATA_URL, 'test').then(
  (test) => postMessage({ count: test.count, firstLabels: Array.from(test.labels.subarray(0, 5)), hasDocument: 'document' in globalThis }),
  (e: unknown) => postMessage({ error: String(e) }),
);
