// vite-plugin-pwa's virtual module, as src/ui/app/offline.ts uses it. Declared here rather than
// by the plugin's own declarations: those import workbox-build's types, whose type-fest 0.20 adds
// TypeScript's esnext library to every file the project checks.
declare module 'virtual:pwa-register' {
  export interface RegisterSWOptions {
    /** A new version is installed and waits for the old one's tabs to close. */
    onNeedRefresh?: () => void;
    /** A new version has taken over this page (the plugin's default then reloads it). */
    onNeedReload?: () => void;
    onRegisterError?: (error: unknown) => void;
  }
  export function registerSW(options?: RegisterSWOptions): (reloadPage?: boolean) => Promise<void>;
}
