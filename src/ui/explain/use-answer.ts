import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../core/error-message';

export interface Answer<T> {
  /** The last answer; kept while the next is asked, so a refresh does not blank the view. */
  value: T | null;
  error: string | null;
  busy: boolean;
}

/**
 * Asks the engine again whenever `key` changes (null: asks nothing and forgets the answer). An
 * answer to an older key is dropped: only the latest question's answer shows.
 */
export function useAnswer<T>(key: string | null, ask: () => Promise<T>): Answer<T> {
  const [state, setState] = useState<Answer<T>>({ value: null, error: null, busy: false });
  const askRef = useRef(ask);
  askRef.current = ask;
  useEffect(() => {
    if (key === null) {
      setState({ value: null, error: null, busy: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    askRef.current().then(
      (value) => live && setState({ value, error: null, busy: false }),
      (e: unknown) => live && setState((s) => ({ ...s, error: errorMessage(e), busy: false })),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}
