import { PhaseResult } from './phases';
import { summaryLines } from './summary';

const ok = (run: string, phase: string, s: number): PhaseResult => ({
  run,
  phase,
  status: 'ok',
  ms: s * 1000,
});

describe('summaryLines', () => {
  it('gives each run its outcome and the time a user needs', () => {
    const results: PhaseResult[] = [
      ok('created', 'create-app', 5),
      ok('created', 'yarn-install', 235),
      ok('created', 'pin', 75),
      ok('created', 'pack', 100),
      ok('created', 'install', 110),
      ok('created', 'legacy', 30),
      {
        run: 'created',
        phase: 'tsc',
        status: 'failed',
        ms: 40_000,
        detail: 'x',
      },
      ok('created', 'build', 86),
      ok('created', 'backend', 18),
      ok('created', 'scan', 20),
      ok('created', 'browser', 30),
      ok('ours', 'pin', 60),
      ok('ours', 'tsc', 40),
      ok('ours', 'build', 80),
      { run: 'ours', phase: 'backend', status: 'failed', ms: 5000 },
      { run: 'ours', phase: 'scan', status: 'skipped', ms: 0 },
    ];
    expect(summaryLines(results)).toEqual([
      'fresh-app summary',
      '  created: FAILED in tsc (12 min 29 s)',
      '  ours: FAILED in backend; skipped scan (3 min 5 s)',
      '  time a user needs to add Platform Kit to an app and see the first scan: 6 min 8 s (pack 1 min 40 s, install 1 min 50 s, tsc 40 s, build 1 min 20 s, backend 18 s, scan 20 s)',
      '  from nothing, with a new create-app app: 10 min 8 s (create-app 5 s, yarn-install 3 min 55 s)',
    ]);
    expect(summaryLines(results.filter(r => r.phase !== 'scan'))).toHaveLength(
      3,
    );
  });
});
