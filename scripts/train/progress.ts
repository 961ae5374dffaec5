// A one-line progress bar on stderr: steps, samples/s, ETA and the latest loss.
import type { TrainTick } from './run-training.ts';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressLine(t: TrainTick, batch: number, width = 24): string {
  const done = Math.round((t.step / t.totalSteps) * width);
  const eta = t.samplesPerSecond > 0 ? ((t.totalSteps - t.step) * batch) / t.samplesPerSecond : Infinity;
  return `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${t.step}/${t.totalSteps} steps · ${t.samplesPerSecond.toFixed(0)} samples/s · ETA ${duration(eta)} · loss ${t.loss.toFixed(4)}`;
}

export function printProgress(t: TrainTick, batch: number): void {
  const line = progressLine(t, batch);
  if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K${t.step === t.totalSteps ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}
