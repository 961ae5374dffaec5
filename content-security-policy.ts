// The built app's Content-Security-Policy (vite.config.ts puts it in the page; e2e/csp.spec.ts
// checks the app runs under it), and the headers the servers of `npm start` and `npm run dev` send.

/**
 * What the built app may load, and nothing else: its own scripts, worker, styles and data files,
 * and the data: icon. React and uPlot set styles through the DOM, which style-src does not govern,
 * so no 'unsafe-inline' is needed. 'wasm-unsafe-eval' lets the CPU engine compile its
 * WebAssembly kernels, and nothing else: JavaScript's eval stays refused.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Headers a server of the page sends. `frame-ancestors` works only as a header (a meta policy
 * cannot set it): no other origin may frame the page. COOP and COEP make the page cross-origin
 * isolated, which SharedArrayBuffer, and so the CPU engine's threads, need. The dev server's
 * hot reload injects inline scripts, so it sends only the framing part of the policy.
 */
export function servedHeaders(server: 'dev' | 'preview'): Record<string, string> {
  const framing = "frame-ancestors 'none'";
  return {
    'Content-Security-Policy': server === 'preview' ? `${CONTENT_SECURITY_POLICY}; ${framing}` : framing,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
}
