// A command on its way to the worker: the buttons wait for it, and a failure becomes a notice.
// One cut short by a worker that stopped is no error of its own (the restart says what happened):
// it is said as a notice naming `what` did not finish.
import { errorMessage } from './error-message';
import { notify, updateTraining } from './store';
import { WorkerStoppedError } from './worker-calls';

export async function withPending(action: () => Promise<void>, what = 'The command'): Promise<void> {
  updateTraining({ pending: true });
  try {
    await action();
  } catch (error) {
    if (error instanceof WorkerStoppedError) notify('notice', `${what} did not finish: ${error.message}.`);
    else notify('error', errorMessage(error));
  } finally {
    updateTraining({ pending: false });
  }
}
