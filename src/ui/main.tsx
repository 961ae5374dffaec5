import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { followBuilderInAddress } from './builder-address';
import { loadSpecLink } from './builder-commands';
import { App } from './components/App';
import { connectEngine } from './engine-client';
import { installTestHook } from './test-hook';
import './styles.css';

installTestHook();
// A #spec= link opens with its network in the builder, also when pasted into an open tab.
loadSpecLink(location.hash);
window.addEventListener('hashchange', () => loadSpecLink(location.hash));
// From then on the address follows the edits: a reload opens the network on screen.
followBuilderInAddress();
void connectEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
