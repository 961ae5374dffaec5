// The page's entry, kept small: it starts the engine worker before the page's own code loads
// (src/ui/core/engine-worker.ts says why), then loads the page.
import { startEngineWorker } from './core/engine-worker';

startEngineWorker();
import('./page').catch((error: unknown) => {
  // Nothing else can say it: the page that shows failures is the script that did not load.
  const root = document.getElementById('root');
  if (root) root.textContent = `Inkling's page could not be loaded (${error instanceof Error ? error.message : String(error)}). Reload to try again.`;
});
