import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connectEngine } from './engine-client';
import { installTestHook } from './test-hook';
import './styles.css';

installTestHook();
void connectEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
