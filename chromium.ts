// One place for the browser both test runners launch. Debian's Chromium by default; point
// CHROMIUM_PATH at another Chromium-family browser to use that one instead.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Quiet-network flags keep Chromium from dialling out on a machine with no network.
const quiet = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const webgpuArgs = ['--enable-unsafe-webgpu', ...quiet];
export const noWebgpuArgs = [...quiet];
