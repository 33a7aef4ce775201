import { act, render, screen } from '@testing-library/react';
import { useCoalescedLoad } from './useCoalescedLoad';

/** Requests the test answers by hand. */
function manualLoader() {
  const calls: { key: string; resolve: (v: string) => void }[] = [];
  const load = (key: string) =>
    new Promise<string>(resolve => calls.push({ key, resolve }));
  return { calls, load };
}

function Probe(props: {
  k: string;
  trigger: number;
  load: (key: string) => Promise<string>;
}) {
  const state = useCoalescedLoad(props.k, props.trigger, props.load);
  return (
    <div>
      {state.key}={state.value ?? 'none'}
    </div>
  );
}

describe('useCoalescedLoad', () => {
  it('folds triggers during a request into one more request', async () => {
    const { calls, load } = manualLoader();
    const { rerender } = render(<Probe k="a" trigger={0} load={load} />);
    rerender(<Probe k="a" trigger={1} load={load} />);
    rerender(<Probe k="a" trigger={2} load={load} />);
    rerender(<Probe k="a" trigger={3} load={load} />);
    expect(calls).toHaveLength(1);

    await act(async () => calls[0].resolve('first'));
    expect(screen.getByText('a=first')).toBeInTheDocument();
    expect(calls).toHaveLength(2);
    await act(async () => calls[1].resolve('second'));
    expect(screen.getByText('a=second')).toBeInTheDocument();
    expect(calls).toHaveLength(2);
  });

  it('drops answers for a key that is no longer current', async () => {
    const { calls, load } = manualLoader();
    const { rerender } = render(<Probe k="a" trigger={0} load={load} />);
    rerender(<Probe k="b" trigger={0} load={load} />);
    expect(calls.map(c => c.key)).toEqual(['a', 'b']);

    await act(async () => calls[1].resolve('for b'));
    await act(async () => calls[0].resolve('for a'));
    expect(screen.getByText('b=for b')).toBeInTheDocument();
  });
});
