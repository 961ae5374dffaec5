// The service worker that keeps the page working offline after its first visit (vite.config.ts
// has vite-plugin-pwa build it: it precaches the app, the MNIST files and the shipped reader).
// Registered from here, the app's own module, as the Content-Security-Policy refuses inline
// scripts. The dev server and vitest's browser runner get the plugin's no-op stand-in.
import { registerSW } from 'virtual:pwa-register';
import { notify } from '../core/store';

const UPDATE_READY = 'A new version of Inkling is downloaded: it opens the next time the page is opened, once its tabs are closed.';

/**
 * Registers the service worker. A new version found on a visit waits until no tab runs the old
 * one, so a run in progress is never reloaded out from under the user: the page only says so.
 * A browser that refuses service workers (private windows, some policies) runs the page online.
 */
export function keepOfflineCopy(): void {
  registerSW({
    onNeedRefresh: () => notify('notice', UPDATE_READY),
    // The plugin's default reloads the page when a new version takes over; this page never does.
    onNeedReload: () => {},
    onRegisterError: (error: unknown) => console.info('Inkling works online only here: the service worker was not registered.', error),
  });
}
