import { useInkling } from '../core/store';

/** MNIST downloads and unpacks on first visit; this shows how far along it is. */
export function LoadingBar() {
  const phase = useInkling((s) => s.engine.phase);
  const loading = useInkling((s) => s.engine.loading);
  if (phase !== 'connecting' && phase !== 'loading') return null;
  const fraction = loading && loading.total > 0 ? Math.min(1, loading.loaded / loading.total) : null;
  return (
    <div className="loading" data-testid="loading-progress" role="status">
      <span>{loading ? `Loading ${loading.what}…` : 'Starting the engine…'}</span>
      <progress value={fraction ?? undefined} max={1} aria-label="Loading progress" />
      {fraction !== null && <span className="mono">{Math.round(fraction * 100)}%</span>}
    </div>
  );
}
