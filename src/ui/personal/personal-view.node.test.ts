import { describe, expect, it } from 'vitest';
import { digitPicture, fineTuneRunning, fineTuneStatus } from './personal-view';
import type { FineTuneProgress } from '../../worker/protocol';

const at = (phase: FineTuneProgress['phase'], extra: Partial<FineTuneProgress> = {}): FineTuneProgress => ({
  phase,
  step: 0,
  steps: 30,
  report: null,
  message: null,
  ...extra,
});

describe('the fine-tune status line', () => {
  it('says each phase, and ends with "done" only when it is', () => {
    expect(fineTuneStatus(null)).toBe('');
    expect(fineTuneStatus(at('training', { step: 12 }))).toBe('Learning your handwriting: step 12 of 30');
    expect(fineTuneStatus(at('testing'))).not.toMatch(/done$/);
    const report = {
      trained: 8,
      heldOut: 0,
      personalBefore: 0,
      personalAfter: 1,
      testBefore: 0.99,
      testAfter: 0.99,
      steps: 30,
      seconds: 141.2,
      trainingSeconds: 41.4,
      label: 'x',
    };
    expect(fineTuneStatus(at('done', { report }))).toBe('Learned in 41 s (141 s with the tests), done');
    expect(fineTuneStatus(at('failed', { message: 'boom' }))).toBe('Not learned: boom');
  });

  it('counts as running until done or failed', () => {
    expect(fineTuneRunning(null)).toBe(false);
    expect(fineTuneRunning(at('measuring'))).toBe(true);
    expect(fineTuneRunning(at('done'))).toBe(false);
    expect(fineTuneRunning(at('failed'))).toBe(false);
  });
});

describe('a digit thumbnail', () => {
  it('is white ink on black, opaque', () => {
    const pixels = new Uint8Array(784);
    pixels[1] = 200;
    const p = digitPicture(pixels);
    expect(p).toMatchObject({ width: 28, height: 28 });
    expect(Array.from(p.rgba.subarray(0, 8))).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
  });
});
