// The one place pipelines are made. Compiled once per (shader, entry point, constants) and cached;
// WGSL compile errors come back with the kernel's file name and the compiler's line:column.

export interface ShaderSource {
  /** The .wgsl file's base name, e.g. "matmul"; it names the error messages and GPU labels. */
  name: string;
  code: string;
}

export type Constants = Record<string, number>;

export class WgslCompileError extends Error {
  constructor(
    readonly shader: string,
    readonly messages: string[],
  ) {
    super(`WGSL compile error in ${shader}.wgsl:\n${messages.join('\n')}`);
    this.name = 'WgslCompileError';
  }
}

function constantsKey(constants: Constants): string {
  return Object.keys(constants)
    .sort()
    .map((k) => `${k}=${constants[k]}`)
    .join(',');
}

export class PipelineCache {
  private readonly modules = new Map<string, Promise<GPUShaderModule>>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  private module(shader: ShaderSource): Promise<GPUShaderModule> {
    let m = this.modules.get(shader.name);
    if (!m) {
      m = (async () => {
        // The scope keeps a bad shader from also surfacing as an uncaptured device error.
        this.device.pushErrorScope('validation');
        const module = this.device.createShaderModule({ label: `${shader.name}.wgsl`, code: shader.code });
        const scoped = this.device.popErrorScope();
        const info = await module.getCompilationInfo();
        const validation = await scoped;
        const errors = info.messages.filter((msg) => msg.type === 'error');
        if (errors.length > 0) {
          throw new WgslCompileError(
            shader.name,
            errors.map((msg) => `${shader.name}.wgsl:${msg.lineNum}:${msg.linePos}: ${msg.message}`),
          );
        }
        if (validation) throw new WgslCompileError(shader.name, [validation.message]);
        return module;
      })();
      this.modules.set(shader.name, m);
      m.catch(() => this.modules.delete(shader.name));
    }
    return m;
  }

  get(shader: ShaderSource, entryPoint: string, constants: Constants = {}): Promise<GPUComputePipeline> {
    const key = `${shader.name}:${entryPoint}:${constantsKey(constants)}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = (async () => {
        const module = await this.module(shader);
        try {
          // createComputePipelineAsync rejects with a GPUPipelineError rather than raising an uncaptured one.
          return await this.device.createComputePipelineAsync({
            label: key,
            layout: 'auto',
            compute: { module, entryPoint, constants },
          });
        } catch (e) {
          throw new Error(`Pipeline ${key} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      })();
      this.pipelines.set(key, p);
      p.catch(() => this.pipelines.delete(key));
    }
    return p;
  }
}
