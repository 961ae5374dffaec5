import { describe, expect, it } from 'vitest';
import { progressAtRisk } from './leave-guard';

describe('progressAtRisk', () => {
  it('nothing trained, nothing at risk', () => {
    expect(progressAtRisk({ state: 'idle', step: 0, savedStep: null, problem: 'blocked' })).toBe(false);
    expect(progressAtRisk({ state: null, step: 0, savedStep: null, problem: null })).toBe(false);
  });

  it('training with working storage: the autosave holds it; with failing storage: at risk', () => {
    expect(progressAtRisk({ state: 'training', step: 120, savedStep: 100, problem: null })).toBe(false);
    expect(progressAtRisk({ state: 'training', step: 120, savedStep: 100, problem: 'quota' })).toBe(true);
  });

  it('a stopped run is safe once its step is saved', () => {
    expect(progressAtRisk({ state: 'paused', step: 120, savedStep: 120, problem: null })).toBe(false);
    expect(progressAtRisk({ state: 'paused', step: 120, savedStep: 100, problem: null })).toBe(true);
    expect(progressAtRisk({ state: 'done', step: 937, savedStep: null, problem: 'blocked' })).toBe(true);
  });
});
