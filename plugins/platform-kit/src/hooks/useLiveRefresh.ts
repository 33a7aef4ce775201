import { useEffect, useRef, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';

export interface LiveRefreshOptions {
  /**
   * Something is in flight (a scan, an apply): poll for it. Without signals
   * every `pollIntervalMs`; with signals only as a slow safety net, in case a
   * message is lost (e.g. another backend replica without a shared event bus).
   */
  active?: boolean;
  /** Default 3 s. */
  pollIntervalMs?: number;
  /** Only messages for which this returns true refresh. */
  accept?: (message: Record<string, unknown>) => boolean;
}

/** How much slower polling is when signals are available. */
const SAFETY_NET_FACTOR = 10;

/**
 * A number that changes whenever the control plane signals a change on
 * `channel`, or, while `active`, on a poll tick. Put it in the dependencies of
 * the data loading effect to see updates without a reload.
 */
export function useLiveRefresh(
  channel: string,
  options: LiveRefreshOptions = {},
): { version: number; live: boolean } {
  const { active = false, pollIntervalMs = 3000 } = options;
  const signals = useApiHolder().get(signalApiRef);
  const [version, setVersion] = useState(0);
  const accept = useRef(options.accept);
  accept.current = options.accept;

  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe(channel, message => {
      if (!accept.current || accept.current(message)) setVersion(v => v + 1);
    });
    return () => subscription.unsubscribe();
  }, [signals, channel]);

  useEffect(() => {
    if (!active) return undefined;
    const interval = signals
      ? pollIntervalMs * SAFETY_NET_FACTOR
      : pollIntervalMs;
    const timer = setInterval(() => setVersion(v => v + 1), interval);
    return () => clearInterval(timer);
  }, [active, signals, pollIntervalMs]);

  return { version, live: !!signals };
}
