import { act, render, screen } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { useLiveRefresh, LiveRefreshOptions } from './useLiveRefresh';

function Probe(props: { channel: string } & LiveRefreshOptions) {
  const { version, live } = useLiveRefresh(props.channel, props);
  return (
    <div>
      version {version} {live ? 'live' : 'polling'}
    </div>
  );
}

/** A signal API that delivers what the test publishes, like the signals plugin's client. */
function fakeSignals() {
  const subscribers = new Map<string, Set<(m: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as any);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const publish = (channel: string, message: object) =>
    act(() => subscribers.get(channel)?.forEach(fn => fn(message)));
  return { api, publish, subscribers };
}

describe('useLiveRefresh', () => {
  afterEach(() => jest.useRealTimers());

  it('refreshes on every signal on its channel, and only there', () => {
    const signals = fakeSignals();
    const { unmount } = render(
      <TestApiProvider apis={[[signalApiRef, signals.api]]}>
        <Probe
          channel="platform-kit:entity:resource:default/db"
          accept={m => m.type !== 'exemption'}
        />
      </TestApiProvider>,
    );
    expect(screen.getByText('version 0 live')).toBeInTheDocument();
    signals.publish('platform-kit:entity:resource:default/db', {
      type: 'scan',
      status: 'running',
    });
    signals.publish('platform-kit:entity:resource:default/db', {
      type: 'scan',
      status: 'running',
    });
    signals.publish('platform-kit:entity:resource:default/other', {
      type: 'scan',
    });
    signals.publish('platform-kit:entity:resource:default/db', {
      type: 'exemption',
    });
    expect(screen.getByText('version 2 live')).toBeInTheDocument();
    unmount();
    expect(
      signals.subscribers.get('platform-kit:entity:resource:default/db')?.size,
    ).toBe(0);
  });

  it('polls while something is active when signals are not installed', () => {
    jest.useFakeTimers();
    const { rerender } = render(
      <TestApiProvider apis={[]}>
        <Probe channel="platform-kit:jobs" active pollIntervalMs={1000} />
      </TestApiProvider>,
    );
    expect(screen.getByText('version 0 polling')).toBeInTheDocument();
    act(() => jest.advanceTimersByTime(3100));
    expect(screen.getByText('version 3 polling')).toBeInTheDocument();
    rerender(
      <TestApiProvider apis={[]}>
        <Probe channel="platform-kit:jobs" active={false} />
      </TestApiProvider>,
    );
    act(() => jest.advanceTimersByTime(10_000));
    expect(screen.getByText('version 3 polling')).toBeInTheDocument();
  });

  it('still polls slowly with signals, in case a message is lost', () => {
    jest.useFakeTimers();
    render(
      <TestApiProvider apis={[[signalApiRef, fakeSignals().api]]}>
        <Probe channel="platform-kit:jobs" active pollIntervalMs={1000} />
      </TestApiProvider>,
    );
    act(() => jest.advanceTimersByTime(9_000));
    expect(screen.getByText('version 0 live')).toBeInTheDocument();
    act(() => jest.advanceTimersByTime(1_100));
    expect(screen.getByText('version 1 live')).toBeInTheDocument();
  });
});
