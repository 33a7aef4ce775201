import { versionsByName } from './yarnLock';

export const BACKSTAGE_SCOPE = '@backstage/';

/** What pinning an app to another release's versions does. */
export interface ReleasePins {
  /** `resolutions` entries: package → exact version. */
  resolutions: Record<string, string>;
  /** Packages of the app that the other lockfile does not have (left as they are). */
  unpinned: string[];
}

/**
 * Pins every `@backstage/*` package of an app's lockfile to the version the
 * release lockfile resolves it to (the highest one when it holds several):
 * moving an app to a release without a release manifest.
 */
export function pinsToLockfile(
  appLockfile: string,
  releaseLockfile: string,
): ReleasePins {
  const release = versionsByName(releaseLockfile, BACKSTAGE_SCOPE);
  const resolutions: Record<string, string> = {};
  const unpinned: string[] = [];
  for (const name of [
    ...versionsByName(appLockfile, BACKSTAGE_SCOPE).keys(),
  ].sort()) {
    const versions = release.get(name);
    if (versions) resolutions[name] = versions[0];
    else unpinned.push(name);
  }
  return { resolutions, unpinned };
}

/**
 * Yarn's `npmMinimalAgeGate` (minutes) that admits only versions published
 * before `cutoff`.
 */
export function ageGateMinutes(cutoff: Date, now: Date): number {
  return Math.floor((now.getTime() - cutoff.getTime()) / 60_000);
}

/** One day: a Backstage release publishes its packages within hours. */
export const RELEASE_PUBLISH_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The instant before which a release's packages were all published, given its CLI's publish time. */
export function releaseCutoff(cliPublishedAt: Date): Date {
  return new Date(cliPublishedAt.getTime() - RELEASE_PUBLISH_WINDOW_MS);
}

/**
 * `.yarnrc.yml` text that lets Yarn resolve only versions older than the
 * gate: the age gate set, and no package exempt from it
 * (`npmPreapprovedPackages` removed).
 */
export function gatedYarnrc(yarnrc: string, gateMinutes: number): string {
  const lines = yarnrc.replace(/\n*$/, '').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^npmMinimalAgeGate:/.test(lines[i])) continue;
    if (/^npmPreapprovedPackages:/.test(lines[i])) {
      while (i + 1 < lines.length && /^(\s+-.*|\s*)$/.test(lines[i + 1])) i++;
      continue;
    }
    kept.push(lines[i]);
  }
  return `${[...kept, `npmMinimalAgeGate: ${gateMinutes}m`].join('\n')}\n`;
}
