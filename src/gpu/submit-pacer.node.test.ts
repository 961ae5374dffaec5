// The submit pacer's sizing rule, on a clock the test moves: submits of a few tens of
// milliseconds, and no more queued on the device than a pause can wait for; a step longer than
// that is the floor (one step, one submit queued).
import { describe, expect, it } from 'vitest';
import { QUEUED_SECONDS, SubmitPacer, submitPace } from './submit-pacer.ts';
import { MAX_STEPS_PER_SUBMIT } from './train-plan.ts';

describe('submitPace', () => {
  it('fast steps: many per submit (up to the cap), the whole ring queued', () => {
    expect(submitPace(1e-4, 3)).toEqual({ stepsPerSubmit: MAX_STEPS_PER_SUBMIT, submitsInFlight: 3 });
    expect(submitPace(0.01, 3)).toEqual({ stepsPerSubmit: 5, submitsInFlight: 3 });
  });

  it('slow steps: one per submit, and only as many queued as fit in the time a pause may wait', () => {
    expect(submitPace(0.4, 3)).toEqual({ stepsPerSubmit: 1, submitsInFlight: 2 });
    expect(submitPace(0.6, 3)).toEqual({ stepsPerSubmit: 1, submitsInFlight: 1 });
    // The floor: a step longer than QUEUED_SECONDS is still one submit, queued alone.
    expect(submitPace(10, 3)).toEqual({ stepsPerSubmit: 1, submitsInFlight: 1 });
  });

  it('never queues more work than QUEUED_SECONDS unless one step alone is longer', () => {
    for (const perStep of [1e-5, 1e-3, 0.02, 0.05, 0.2, 0.34, 0.5, 0.99, 1, 3, 30]) {
      const { stepsPerSubmit, submitsInFlight } = submitPace(perStep, 3);
      const queued = stepsPerSubmit * submitsInFlight * perStep;
      if (perStep <= QUEUED_SECONDS) expect(queued, `${perStep} s a step`).toBeLessThanOrEqual(QUEUED_SECONDS);
      else expect({ stepsPerSubmit, submitsInFlight }).toEqual({ stepsPerSubmit: 1, submitsInFlight: 1 });
    }
  });
});

describe('SubmitPacer', () => {
  const metrics = (k: number) => Float32Array.from({ length: 2 * k }, (_, i) => (i % 2 === 0 ? 0.5 : 32));

  it('queues one submit until a step has been timed, then paces by the metrics as they arrive', () => {
    let ms = 0;
    const pacer = new SubmitPacer(64, 3, () => ms);
    expect({ steps: pacer.stepsPerSubmit, inFlight: pacer.submitsInFlight }).toEqual({ steps: 1, inFlight: 1 });
    pacer.begin();
    ms += 10_000;
    pacer.read(metrics(1), 1);
    expect({ steps: pacer.stepsPerSubmit, inFlight: pacer.submitsInFlight }).toEqual({ steps: 1, inFlight: 1 });
    ms += 2;
    pacer.read(metrics(1), 1);
    expect({ steps: pacer.stepsPerSubmit, inFlight: pacer.submitsInFlight }).toEqual({ steps: 25, inFlight: 3 });
  });
});
