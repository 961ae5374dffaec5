import { describe, expect, it } from 'vitest';
import { preset } from './presets.ts';
import { specSummary } from './spec-summary.ts';

describe('specSummary', () => {
  it('names each layer with its width, then the parameters (counted by hand for the cnn)', () => {
    // conv 32·9 + 32, dense 5408·128 + 128, dense 128·10 + 10
    expect(specSummary(preset('cnn'))).toBe('conv2d 32 → maxpool 2 → dense 128 → dense 10 · 693,962 parameters');
    expect(specSummary(preset('cnn-bn'))).toMatch(/^conv2d 32 → batchnorm → maxpool 2 → .* → dense 256 → dropout 0\.25 → dense 10 · [\d,]+ parameters$/);
  });
});
