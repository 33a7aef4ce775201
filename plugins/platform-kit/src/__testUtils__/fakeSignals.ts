import { act } from '@testing-library/react';
import { SignalApi } from '@backstage/plugin-signals-react';

/** A signal API that delivers what the test publishes, as the signals plugin's client does. */
export function fakeSignals() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as (message: any) => void);
      subscribers.set(channel, set);
      return {
        unsubscribe: () => set.delete(onMessage as (message: any) => void),
      };
    },
  };
  const publish = (channel: string, message: object) =>
    act(() => subscribers.get(channel)?.forEach(fn => fn(message)));
  const listeners = (channel: string) => subscribers.get(channel)?.size ?? 0;
  return { api, publish, listeners };
}
