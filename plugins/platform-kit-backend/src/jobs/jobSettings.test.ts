import { ConfigReader } from '@backstage/config';
import { DEFAULT_JOB_SETTINGS, readJobSettings } from './jobSettings';

const read = (jobs?: unknown) =>
  readJobSettings(
    new ConfigReader(jobs === undefined ? {} : { platformKit: { jobs } }),
  );

describe('platformKit.jobs', () => {
  it('has the documented defaults', () => {
    expect(read()).toEqual({
      leaseMs: 60_000,
      heartbeatMs: 15_000,
      pollMs: 5_000,
      plannerMs: 30_000,
      concurrency: 8,
      retentionDays: 14,
    });
    expect(DEFAULT_JOB_SETTINGS).toEqual(read());
  });

  it('takes fractions of seconds', () => {
    expect(
      read({ leaseSeconds: 2, heartbeatSeconds: 0.5, pollSeconds: 0.5 }),
    ).toMatchObject({ leaseMs: 2000, heartbeatMs: 500, pollMs: 500 });
  });

  it.each([
    [
      { leaseSeconds: 10, heartbeatSeconds: 6 },
      'platformKit.jobs.heartbeatSeconds: heartbeatSeconds must be at most half of leaseSeconds, so that one missed heartbeat does not lose the lease',
    ],
    [{ concurrency: 0 }, /^platformKit\.jobs\.concurrency: /],
    [{ leaseSeconds: -1 }, /^platformKit\.jobs\.leaseSeconds: /],
    [{ leaseSecs: 30 }, /^platformKit\.jobs: .*leaseSecs/],
  ])('refuses %j', (jobs, message) => {
    expect(() => read(jobs)).toThrow(message);
  });
});
