import { describe, expect, it } from 'vitest';
import { countEncoded, hostMsPerStep } from './host.ts';
import { hostProbeSteps } from './measure.ts';

describe('hostMsPerStep', () => {
  it("takes the median of each call's ms per step, so one stalled call does not move it", () => {
    // 0.5, 0.25 and 3 ms per step → 0.5
    expect(
      hostMsPerStep([
        { ms: 2, steps: 4, submits: 1 },
        { ms: 1, steps: 4, submits: 2 },
        { ms: 3, steps: 1, submits: 1 },
      ]),
    ).toBe(0.5);
    // An even count: the mean of the middle two.
    expect(
      hostMsPerStep([
        { ms: 2, steps: 4, submits: 1 },
        { ms: 3, steps: 1, submits: 1 },
      ]),
    ).toBe(1.75);
  });

  it('leaves out calls that trained nothing, and refuses when none did', () => {
    expect(
      hostMsPerStep([
        { ms: 0.1, steps: 0, submits: 0 },
        { ms: 6, steps: 3, submits: 2 },
      ]),
    ).toBe(2);
    expect(() => hostMsPerStep([])).toThrow(/no steps/);
  });
});

/** Just enough of GPUDevice for countEncoded: encoders whose passes record their dispatches. */
function fakeDevice() {
  const dispatched: number[][] = [];
  const device = {
    createCommandEncoder: () => ({
      beginComputePass: () => ({
        dispatchWorkgroups: (x: number, y = 1, z = 1) => {
          dispatched.push([x, y, z]);
        },
      }),
    }),
  };
  return { device: device as unknown as GPUDevice, dispatched, original: device.createCommandEncoder };
}

describe('countEncoded', () => {
  it('counts the encoders, passes and dispatches the work makes, and still dispatches them', async () => {
    const { device, dispatched, original } = fakeDevice();
    const counts = await countEncoded(device, async () => {
      for (let submit = 0; submit < 2; submit++) {
        const pass = device.createCommandEncoder().beginComputePass();
        for (let i = 0; i < 3; i++) pass.dispatchWorkgroups(i + 1);
      }
      await Promise.resolve();
    });
    expect(counts).toEqual({ encoders: 2, passes: 2, dispatches: 6 });
    expect(Object.getOwnPropertyDescriptor(device, 'createCommandEncoder')?.value).toBe(original);
    expect(dispatched).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [3, 1, 1],
      [1, 1, 1],
      [2, 1, 1],
      [3, 1, 1],
    ]);
  });
});

describe('hostProbeSteps', () => {
  it('trains about a second per call, at least one step and at most a round', () => {
    expect(hostProbeSteps(165, 30)).toBe(6);
    expect(hostProbeSteps(2000, 30)).toBe(1);
    expect(hostProbeSteps(0.3, 400)).toBe(400);
  });
});
