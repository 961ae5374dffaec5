import { describe, expect, it } from 'vitest';
import { countEncoded, hostMsPerStep } from './host.ts';
import { hostProbeSteps } from './measure.ts';

describe('hostMsPerStep', () => {
  it("takes the median of every submit's ms per step over the calls, so one stalled submit does not move it", () => {
    expect(
      hostMsPerStep([
        { steps: 4, submits: 2, perSubmit: [0.25, 0.75] },
        { steps: 1, submits: 1, perSubmit: [3] },
      ]),
    ).toBe(0.75);
    expect(
      hostMsPerStep([
        { steps: 4, submits: 4, perSubmit: [0.1, 0.1, 0.1, 0.1] },
        { steps: 1, submits: 1, perSubmit: [6] },
      ]),
    ).toBe(0.1);
  });

  it('leaves out calls that trained nothing, and refuses when none did', () => {
    expect(
      hostMsPerStep([
        { steps: 0, submits: 0, perSubmit: [] },
        { steps: 3, submits: 2, perSubmit: [2, 2] },
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
