// navigator.gpu as a browser whose GPU process is restarting (or gone) gives it: no adapter on
// the requests chosen, the real one otherwise. Not a mock: every device it grants is real.

/** navigator.gpu, granting no adapter on the requests (1-based) that `refuse` picks. */
export function refusingAdapters(refuse: number[] | ((request: number) => boolean)): GPU {
  const refused = typeof refuse === 'function' ? refuse : (n: number) => refuse.includes(n);
  let requests = 0;
  return new Proxy(navigator.gpu, {
    get: (target, key) => {
      if (key === 'requestAdapter') {
        return (options?: GPURequestAdapterOptions) => (refused(++requests) ? Promise.resolve(null) : target.requestAdapter(options));
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
