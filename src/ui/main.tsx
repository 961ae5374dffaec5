import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder page until the app lands: shows whether WebGPU is here and which adapter.
function App() {
  const [adapter, setAdapter] = useState<string>('checking…');
  useEffect(() => {
    void (async () => {
      const a = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
      setAdapter(a ? a.info.description || a.info.vendor || 'WebGPU adapter' : 'none');
    })();
  }, []);
  return (
    <main>
      <h1>Inkling</h1>
      <p data-testid="adapter">{adapter}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
