// The page itself, loaded by main.tsx once the engine worker is on its way: its styles, the
// address and the engine wired to the store, and the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { followBuilderInAddress } from './builder/follow-address';
import { loadSpecLink } from './builder/commands';
import { App } from './app/App';
import { connectEngine } from './core/engine-client';
import { installLeaveGuard } from './app/leave-guard';
import { keepOfflineCopy } from './app/offline';
import { refreshDigits } from './personal/commands';
import { restoreSession } from './app/session-restore';
import { useInkling } from './core/store';
import { installTestHook } from './test-hook';
// The page's styles, one file a feature, in cascade order.
import './app/page.css';
import './drawing/drawing.css';
import './inside/inside.css';
import './training/training.css';
import './app/full-page.css';
import './builder/builder.css';
import './models/models.css';
import './personal/personal.css';
import './explain/explain.css';

// Only the test build (`vite build --mode e2e`, which Playwright's server and the screenshot
// script run) has the hook; in the shipped build the condition is false and the hook is dropped.
if (import.meta.env.MODE === 'e2e') installTestHook();
// A #spec= link opens with its network in the builder, also when pasted into an open tab.
loadSpecLink(location.hash);
window.addEventListener('hashchange', () => loadSpecLink(location.hash));
// From then on the address follows the edits: a reload opens the network on screen.
followBuilderInAddress();
installLeaveGuard();
void connectEngine()
  .then(engineReady)
  .then(async (ready) => {
    // The offline copy downloads the app and its data once more: only after this start, which needs them first.
    keepOfflineCopy();
    if (ready) await Promise.all([restoreSession(), refreshDigits()]);
  });

/**
 * Whether the engine came up. The worker answers `connect` on the call's port and sends its
 * events on another, so its 'ready' event can land after the answer: read then, the phase could
 * still say loading, and the form, the saved models and the digits were never taken back.
 */
function engineReady(): Promise<boolean> {
  const settled = (phase: string) => (phase === 'ready' ? true : phase === 'failed' || phase === 'unsupported' ? false : null);
  return new Promise((resolve) => {
    const now = settled(useInkling.getState().engine.phase);
    if (now !== null) return resolve(now);
    const stop = useInkling.subscribe((s) => {
      const then = settled(s.engine.phase);
      if (then === null) return;
      stop();
      resolve(then);
    });
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
