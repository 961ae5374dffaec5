// The one module that asks for a GPUDevice and watches it: adapter check, limits, device.lost
// and uncaptured errors. Every host (worker, test page, Node through Dawn) comes through here.

export interface GpuEvents {
  /** The device is gone (driver reset, destroy, tab backgrounded too long). */
  onLost?: (reason: string, message: string) => void;
  /** A validation or out-of-memory error that no error scope caught. */
  onError?: (message: string) => void;
}

export interface Gpu {
  device: GPUDevice;
  /** A human-readable adapter name, e.g. "SwiftShader (Google)". */
  adapterName: string;
  /** True on a software rasteriser, where register tiling beats workgroup tiling. */
  isSoftware: boolean;
  hasTimestamps: boolean;
}

export class NoWebGpuError extends Error {
  constructor(
    readonly reason: 'no-api' | 'no-adapter' | 'device-refused',
    detail: string,
  ) {
    super(detail);
    this.name = 'NoWebGpuError';
  }
}

export function describeAdapter(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const name = info.description || info.device || info.architecture || 'unknown device';
  return info.vendor ? `${name} (${info.vendor})` : name;
}

export async function requestGpu(gpu: GPU | undefined, events: GpuEvents = {}): Promise<Gpu> {
  if (!gpu) throw new NoWebGpuError('no-api', 'This browser has no WebGPU (navigator.gpu is undefined).');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoWebGpuError('no-adapter', 'WebGPU is present but no GPU adapter was granted.');
  const info = adapter.info;
  const adapterName = describeAdapter(info);
  const wanted: GPUFeatureName[] = ['timestamp-query'];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  // Ask for the adapter's real storage limits: the dense layers of cnn-deep pass 128 MiB at batch 1024.
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
  };
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ label: 'inkling', requiredFeatures, requiredLimits });
  } catch (e) {
    throw new NoWebGpuError('device-refused', `The adapter refused a device: ${String(e)}`);
  }
  void device.lost.then((lost) => events.onLost?.(lost.reason, lost.message));
  device.addEventListener('uncapturederror', (ev) => {
    const message = ev.error.message;
    if (events.onError) events.onError(message);
    else console.error(`[inkling] uncaptured WebGPU error: ${message}`);
  });
  const vendor = `${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}`.toLowerCase();
  return {
    device,
    adapterName,
    isSoftware: vendor.includes('swiftshader') || vendor.includes('llvmpipe') || vendor.includes('lavapipe'),
    hasTimestamps: requiredFeatures.includes('timestamp-query'),
  };
}

/** A plan the GPU could not make: out of memory, or a call it refused. `what` names the plan. */
export class GpuBuildError extends Error {
  constructor(
    readonly kind: 'out-of-memory' | 'validation',
    readonly what: string,
    detail: string,
  ) {
    super(kind === 'out-of-memory' ? `the GPU ran out of memory building ${what}: ${detail}` : `the GPU refused to build ${what}: ${detail}`);
    this.name = 'GpuBuildError';
  }
}

/**
 * Plan builds, one at a time per device. Error scopes are one stack per device, so two builds
 * awaiting side by side would pop each other's scopes; in a queue each pops its own. Calls made
 * meanwhile by other code (a training submit between a prediction plan's awaits) still land in
 * the open scope: then the build is refused, which is right, since the device had an error.
 */
const building = new WeakMap<GPUDevice, Promise<unknown>>();

/**
 * Runs `build` inside out-of-memory and validation error scopes. Allocations and bind groups fail
 * without throwing in WebGPU; here either kind of error turns into a GpuBuildError naming `what`,
 * after `free` has released what the build made, so a plan that does not fit is refused rather
 * than run on invalid buffers.
 */
export function buildInErrorScopes<T>(device: GPUDevice, what: string, build: () => Promise<T>, free: (made: T) => void | Promise<void>): Promise<T> {
  const previous = building.get(device) ?? Promise.resolve();
  const run = previous.then(async () => {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const popBoth = async () => {
      const validation = await device.popErrorScope();
      const memory = await device.popErrorScope();
      if (memory) return new GpuBuildError('out-of-memory', what, memory.message);
      return validation ? new GpuBuildError('validation', what, validation.message) : null;
    };
    let made: T;
    try {
      made = await build();
    } catch (e) {
      await popBoth();
      throw e;
    }
    const error = await popBoth();
    if (error) {
      await free(made);
      throw error;
    }
    return made;
  });
  // A failed build must not stop the next one.
  building.set(
    device,
    run.catch(() => undefined),
  );
  return run;
}
