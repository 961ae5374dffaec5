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
keepOfflineCopy();
void connectEngine().then(async () => {
  if (useInkling.getState().engine.phase !== 'ready') return;
  await Promise.all([restoreSession(), refreshDigits()]);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
