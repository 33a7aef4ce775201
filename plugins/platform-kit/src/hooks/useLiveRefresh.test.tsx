import { act, render, screen } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fakeSignals } from '../__testUtils__/fakeSignals';
import { useLiveRefresh, LiveRefreshOptions } from './useLiveRefresh';

function Probe(props: { channel: string } & LiveRefreshOptions) {
  const { version, live } = useLiveRefresh(props.channel, props);
  return (
    <div>
      version {version} {live ? 'live' : 'polling'}
    </div>
  );
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
    expect(signals.listeners('platform-kit:entity:resource:default/db')).toBe(
      0,
    );
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
