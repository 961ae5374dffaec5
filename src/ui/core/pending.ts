// A command on its way to the worker: the buttons wait for it, and a failure becomes a notice.
import { errorMessage } from './error-message';
import { notify, updateTraining } from './store';

export async function withPending(action: () => Promise<void>): Promise<void> {
  updateTraining({ pending: true });
  try {
    await action();
  } catch (error) {
    notify('error', errorMessage(error));
  } finally {
    updateTraining({ pending: false });
  }
}
