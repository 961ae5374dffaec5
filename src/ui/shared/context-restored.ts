// Chromium gives a 2D canvas back blank, its state reset, when the GPU process that backed it dies
// ('contextrestored'). A canvas painted from data (a chart, a picture) must paint itself again:
// its data has not changed, so nothing else would.

/** Calls `repaint` each time the canvas's context comes back; returns the function that stops it. */
export function onContextRestored(canvas: HTMLCanvasElement, repaint: () => void): () => void {
  canvas.addEventListener('contextrestored', repaint);
  return () => canvas.removeEventListener('contextrestored', repaint);
}
