// The built app's Content-Security-Policy (vite.config.ts puts it in the page; e2e/csp.spec.ts
// checks the app runs under it).

/**
 * What the built app may load, and nothing else: its own scripts, worker, styles and data files,
 * and the data: icon. React and uPlot set styles through the DOM, which style-src does not govern,
 * so no 'unsafe-inline' is needed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
