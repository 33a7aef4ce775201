import os from 'node:os';
import path from 'node:path';
import { PhaseResult } from '../freshApp/phases';
import { freshAppPassed, parseFreshAppArgs } from './freshApp';

describe('platform-kit-dev fresh-app arguments', () => {
  it("runs both releases in the user's own temp folder by default", () => {
    expect(parseFreshAppArgs([])).toEqual({
      releases: ['created', 'ours'],
      workDir: path.join(
        os.tmpdir(),
        `platform-kit-fresh-app-${os.userInfo().uid}`,
      ),
      keep: false,
      reuse: false,
    });
  });

  it('takes a release, folders, --keep and --reuse', () => {
    expect(
      parseFreshAppArgs([
        '--release',
        'ours',
        '--dir=/tmp/x',
        '--packs',
        'p',
        '--keep',
        '--reuse',
      ]),
    ).toEqual({
      releases: ['ours'],
      workDir: '/tmp/x',
      packsDir: path.resolve('p'),
      keep: true,
      reuse: true,
    });
    expect(parseFreshAppArgs(['--release=both']).releases).toEqual([
      'created',
      'ours',
    ]);
  });

  it('explains wrong arguments', () => {
    expect(() => parseFreshAppArgs(['--release', 'old'])).toThrow(
      /created, ours or both/,
    );
    expect(() => parseFreshAppArgs(['--dir'])).toThrow(/--dir needs a value/);
    expect(() => parseFreshAppArgs(['--fast'])).toThrow(
      /Unknown option --fast/,
    );
  });
});

const r = (
  run: string,
  phase: string,
  status: PhaseResult['status'] = 'ok',
): PhaseResult => ({
  run,
  phase,
  status,
  ms: 1,
});

describe('the verdict', () => {
  it("is the last run's checks; an older release's failing checks inform only", () => {
    const created = [
      r('created', 'create-app'),
      r('created', 'install'),
      r('created', 'tsc', 'failed'),
    ];
    expect(
      freshAppPassed([...created, r('ours', 'pin'), r('ours', 'tsc')], 'ours'),
    ).toBe(true);
    expect(
      freshAppPassed(
        [...created, r('ours', 'tsc'), r('ours', 'scan', 'skipped')],
        'ours',
      ),
    ).toBe(false);
  });

  it('fails on any failed setup phase or when nothing was checked', () => {
    expect(
      freshAppPassed(
        [r('created', 'install', 'failed'), r('ours', 'tsc')],
        'ours',
      ),
    ).toBe(false);
    expect(freshAppPassed([r('created', 'create-app')], 'created')).toBe(false);
  });

  it('takes the earlier run when create-app already made our release', () => {
    expect(
      freshAppPassed(
        [
          r('created', 'tsc'),
          r('created', 'scan'),
          r('ours', 'pin', 'skipped'),
        ],
        'ours',
      ),
    ).toBe(true);
  });
});
