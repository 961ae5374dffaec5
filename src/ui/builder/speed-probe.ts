// "Measure this GPU": a short timed run in the worker gives the rate that the builder's speed
// estimate scales by FLOPs, for when no run is measuring one.
import { engine } from '../core/engine-client';
import { errorMessage } from '../core/error-message';
import { updateBuilder, useInkling } from '../core/store';

export async function probeSpeed(): Promise<void> {
  if (useInkling.getState().builder.probe === 'running') return;
  updateBuilder({ probe: 'running' });
  try {
    updateBuilder({ probe: await engine().probeSpeed() });
  } catch (error) {
    updateBuilder({ probe: { error: errorMessage(error) } });
  }
}
