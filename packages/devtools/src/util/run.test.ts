import { formatDuration, run } from './run';

describe('run', () => {
  it('resolves to the exit code of the command', async () => {
    expect(await run('sh', ['-c', 'exit 3'], { stdio: 'ignore' })).toBe(3);
    expect(await run('sh', ['-c', 'true'], { stdio: 'ignore' })).toBe(0);
  });

  it('resolves to 127 when the command does not exist', async () => {
    expect(
      await run('platform-kit-no-such-command', [], { stdio: 'ignore' }),
    ).toBe(127);
  });

  it('formats durations for step summaries', () => {
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
