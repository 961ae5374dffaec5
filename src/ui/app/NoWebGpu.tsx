import { useInkling } from '../core/store';

export const WHY_NO_WEBGPU = {
  'no-api': 'This browser has no WebGPU.',
  'no-adapter': 'This browser has WebGPU, but it offered no GPU adapter (WebGPU may be switched off, or this GPU is blocked).',
  'device-refused': 'A GPU adapter was found, but it refused to open a device for Inkling.',
} as const;

/** Shown instead of the app when WebGPU is missing: what is wrong, and how to get it. */
export function NoWebGpu() {
  const unsupported = useInkling((s) => s.engine.unsupported);
  const reason = unsupported?.reason ?? 'no-api';
  return (
    <main className="full-page" data-testid="no-webgpu">
      <h1>Inkling needs WebGPU</h1>
      <p className="lead">{WHY_NO_WEBGPU[reason]}</p>
      {unsupported?.message && <p className="message">{unsupported.message}</p>}
      <p>
        Inkling trains a neural network on your GPU with WebGPU compute shaders. Nothing is sent to a server, so without WebGPU there is nothing to run it on.
        To get it:
      </p>
      <WebGpuHowTo />
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </p>
    </main>
  );
}

/** How to get WebGPU, per browser: the page without it, and the CPU engine's note, both say it. */
export function WebGpuHowTo() {
  return (
    <ul>
      <li>
        Use a current browser with WebGPU: <strong>Chrome or Edge 113+</strong> (Windows, macOS, ChromeOS, Android), <strong>Firefox 141+</strong> (Windows) or{' '}
        <strong>Safari 26</strong> (macOS, iOS).
      </li>
      <li>
        On <strong>Linux Chrome</strong>, WebGPU is still behind flags: open <code>chrome://flags</code>, turn on <code>#enable-unsafe-webgpu</code> and{' '}
        <code>#enable-vulkan</code>, and restart Chrome; or start it with <code>--enable-unsafe-webgpu</code>.
      </li>
      <li>
        Check that hardware acceleration is on (Chrome: Settings → System) and that your GPU driver is up to date. <code>chrome://gpu</code> lists
        WebGPU&rsquo;s status and why it may be disabled.
      </li>
    </ul>
  );
}
