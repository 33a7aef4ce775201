import { useEffect, useRef, useState } from 'react';

export interface LoadState<T> {
  /** The key the value or error belongs to. */
  key: string;
  value?: T;
  error?: Error;
}

/**
 * Loads `load(key)` whenever `key` or `trigger` changes, at most one request at
 * a time per key: triggers that arrive while a request runs are folded into one
 * more request after it, so frequent signals or poll ticks neither pile up
 * requests nor starve the page. Answers for a key that is no longer current are
 * dropped. A failed refresh keeps the value shown and adds the error.
 */
export function useCoalescedLoad<T>(
  key: string,
  trigger: unknown,
  load: (key: string) => Promise<T>,
): LoadState<T> {
  const [state, setState] = useState<LoadState<T>>({ key: '' });
  const current = useRef(key);
  current.current = key;
  const loader = useRef(load);
  loader.current = load;
  const inFlight = useRef<string | undefined>(undefined);
  const again = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    const run = (requested: string) => {
      inFlight.current = requested;
      again.current = false;
      const settle = (next: (s: LoadState<T>) => LoadState<T>) => {
        if (!mounted.current) return;
        if (inFlight.current === requested) inFlight.current = undefined;
        if (requested === current.current) setState(next);
        if (again.current && inFlight.current === undefined) {
          run(current.current);
        }
      };
      loader.current(requested).then(
        value => settle(() => ({ key: requested, value })),
        error =>
          settle(s => ({
            key: requested,
            value: s.key === requested ? s.value : undefined,
            error,
          })),
      );
    };
    if (inFlight.current === key) {
      again.current = true;
    } else {
      run(key);
    }
  }, [key, trigger]);

  return state;
}
