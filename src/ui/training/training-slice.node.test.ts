// "Pausing…" from the click until training has stopped: set by the click, kept while progress still
// says training, gone once it says anything else.
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../worker/protocol';
import { initialTraining, trainingReduce, trainStatus } from './training-slice';

const progress = (state: Progress['state']) => ({ type: 'progress', progress: { state } as Progress }) as const;

describe('training slice', () => {
  it('says Pausing… from the click until the engine says training has stopped', () => {
    let s = trainingReduce(initialTraining, progress('training'));
    expect(trainStatus(s.progress!.state, s.pausing)).toBe('Training');
    s = { ...s, pausing: true };
    expect(trainStatus(s.progress!.state, s.pausing)).toBe('Pausing…');
    s = trainingReduce(s, progress('training'));
    expect(trainStatus(s.progress!.state, s.pausing)).toBe('Pausing…');
    s = trainingReduce(s, progress('paused'));
    expect(s.pausing).toBe(false);
    expect(trainStatus(s.progress!.state, s.pausing)).toBe('Paused');
    // A later run is not said to be pausing.
    s = trainingReduce(s, progress('training'));
    expect(trainStatus(s.progress!.state, s.pausing)).toBe('Training');
  });

  it('a click that finds training already stopped says the state as it is', () => {
    expect(trainStatus('paused', true)).toBe('Paused');
    expect(trainStatus('failed', true)).toBe('Stopped');
  });
});
