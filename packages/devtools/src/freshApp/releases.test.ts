import {
  ageGateMinutes,
  gatedYarnrc,
  pinsToLockfile,
  releaseCutoff,
} from './releases';

const APP_LOCK = `"@backstage/cli@npm:^0.36.6":
  version: 0.36.7

"@backstage/app-defaults@npm:^1.7.0":
  version: 1.7.0

"react@npm:^18.0.2":
  version: 18.3.1
`;

const OUR_LOCK = `"@backstage/cli@npm:^0.36.8":
  version: 0.36.8

"@backstage/backend-defaults@npm:^0.18.0":
  version: 0.18.0

"@backstage/backend-defaults@npm:^0.19.0":
  version: 0.19.0
`;

describe('pinsToLockfile', () => {
  it("pins the app's @backstage packages to the release lockfile's highest version", () => {
    expect(
      pinsToLockfile(
        `${APP_LOCK}\n"@backstage/backend-defaults@npm:^0.18.0":\n  version: 0.18.0\n`,
        OUR_LOCK,
      ),
    ).toEqual({
      resolutions: {
        '@backstage/backend-defaults': '0.19.0',
        '@backstage/cli': '0.36.8',
      },
      unpinned: ['@backstage/app-defaults'],
    });
  });
});

describe('the age gate for an older release', () => {
  it('admits only what was published a publishing window before the next release', () => {
    const cli = new Date('2026-11-17T21:06:14Z');
    const cutoff = releaseCutoff(cli);
    expect(cutoff.toISOString()).toBe('2026-11-16T21:06:14.000Z');
    const now = new Date('2026-12-07T13:55:30Z');
    const gate = ageGateMinutes(cutoff, now);
    // Yarn skips a version whose age in minutes is below the gate.
    const admitted = (published: Date) =>
      (now.getTime() - published.getTime()) / 60_000 >= gate;
    expect(admitted(new Date(cutoff.getTime() - 60_000))).toBe(true);
    expect(admitted(new Date(cutoff.getTime() + 120_000))).toBe(false);
    expect(admitted(cli)).toBe(false);
  });

  it('writes the gate and drops the exemptions from .yarnrc.yml', () => {
    expect(
      gatedYarnrc(
        "nodeLinker: node-modules\nnpmMinimalAgeGate: 3d\nnpmPreapprovedPackages:\n  - '@backstage/*'\n\nyarnPath: .yarn/releases/yarn.cjs\n",
        29812,
      ),
    ).toBe(
      'nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn.cjs\nnpmMinimalAgeGate: 29812m\n',
    );
  });
});
