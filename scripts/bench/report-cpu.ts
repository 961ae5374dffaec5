// The CPU engine's part of the table: its targets against the CPU peers (issue 27's goals, seed
// cnn at batch 64) and --profile's kernel table read against the machine's SIMD peak.
import type { WasmRival } from './config.ts';
import type { CpuProfile } from './cpu-profile.ts';

/** The CPU engine's goals at batch 64 for the seed cnn: its speed over each rival's. */
export const CPU_TARGETS: Record<WasmRival, { at_least: number; label: string }> = {
  jaxjs_wasm: { at_least: 3, label: 'jax-js wasm' },
  pytorch_cpu: { at_least: 0.5, label: 'native PyTorch CPU' },
  inkling: { at_least: 2, label: 'Inkling on SwiftShader' },
};

function fmt(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** One line per rival measured; Inkling's GPU engine counts only on a software adapter, the goal's. */
export function cpuTargetLines(ratios: Partial<Record<WasmRival, number>>, gpuIsSoftware: boolean): string[] {
  const lines: string[] = [];
  for (const [rival, target] of Object.entries(CPU_TARGETS) as [WasmRival, (typeof CPU_TARGETS)[WasmRival]][]) {
    const ratio = ratios[rival];
    if (ratio === undefined || (rival === 'inkling' && !gpuIsSoftware)) continue;
    lines.push(`target at batch 64: CPU engine ≥${target.at_least}× ${target.label}: ${fmt(ratio, 2)}× ${ratio >= target.at_least ? 'met' : 'NOT met'}`);
  }
  return lines;
}

export function cpuProfileLines(p: CpuProfile): string[] {
  const lines = [
    `CPU time per Inkling wasm step at batch ${p.batch} on ${p.threads} thread${p.threads === 1 ? '' : 's'}, by kernel (${p.steps} steps timed in place): ` +
      `kernels ${fmt(p.kernel_ms, 2)} ms of a ${fmt(p.step_ms, 2)} ms step; SIMD peak (f32x4 multiply-add) ${fmt(p.simd_peak_gflop_per_s, 1)} GFLOP/s a thread` +
      (p.threads > 1 ? `, ${fmt(p.simd_peak_all_threads, 1)} on ${p.threads}` : ''),
  ];
  for (const k of p.kernels) {
    const rate =
      k.gflop_per_s === null
        ? ''
        : `${fmt(k.gflop_per_s, 2).padStart(8)} GFLOP/s ${fmt((k.gflop_per_s / p.simd_peak_all_threads) * 100, 0).padStart(3)}% of peak`;
    lines.push(
      `  ${k.kernel.padEnd(22)} ${k.shape.padEnd(30)} ${fmt(k.ms, 3).padStart(9)} ms ${fmt(k.share * 100, 1).padStart(5)}%  ×${fmt(k.calls, 0).padEnd(3)} ${rate}`.trimEnd(),
    );
  }
  return lines;
}
