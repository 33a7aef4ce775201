import os from 'node:os';
import path from 'node:path';
import { PhaseResult } from '../freshApp/phases';
import { Release, runFreshAppCheck } from '../freshApp/runs';
import { summaryLines } from '../freshApp/summary';
import { UserFacingError } from '../util/fail';

const USAGE = `Usage: platform-kit-dev fresh-app [--release created|ours|both] [--dir <folder>] [--packs <folder>] [--keep] [--reuse]

  --release  created: the release create-app makes; ours: this repository's; both (default):
             created first, then the same app moved to ours
  --dir      where the app is created (default: <tmp>/platform-kit-fresh-app-<uid>)
  --packs    install these tarballs instead of running the quickstart's packing step
  --keep     keep the app afterwards
  --reuse    continue with the app a --keep run left in --dir (skips create-app and its install)`;

export interface FreshAppArgs {
  releases: Release[];
  workDir: string;
  packsDir?: string;
  keep: boolean;
  reuse: boolean;
}

export function parseFreshAppArgs(args: string[]): FreshAppArgs {
  const parsed: FreshAppArgs = {
    releases: ['created', 'ours'],
    // Per user: a folder another user left in the shared tmp is not writable.
    workDir: path.join(
      os.tmpdir(),
      `platform-kit-fresh-app-${os.userInfo().uid}`,
    ),
    keep: false,
    reuse: false,
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    const value = () => {
      const v = inline ?? args[++i];
      if (!v) throw new UserFacingError(`${flag} needs a value.\n${USAGE}`, 2);
      return v;
    };
    if (flag === '--release') {
      const v = value();
      if (v === 'both') parsed.releases = ['created', 'ours'];
      else if (v === 'created' || v === 'ours') parsed.releases = [v];
      else
        throw new UserFacingError(
          `--release is created, ours or both, not ${v}.\n${USAGE}`,
          2,
        );
    } else if (flag === '--dir') parsed.workDir = path.resolve(value());
    else if (flag === '--packs') parsed.packsDir = path.resolve(value());
    else if (flag === '--keep') parsed.keep = true;
    else if (flag === '--reuse') parsed.reuse = true;
    else throw new UserFacingError(`Unknown option ${args[i]}.\n${USAGE}`, 2);
  }
  return parsed;
}

/**
 * `./kit test:fresh-app`: installs Platform Kit into a new create-app app by
 * docs/quickstart.md, on create-app's release and on ours; one line per
 * phase, a summary with the time a user needs. Exits non-zero when a phase
 * of the last run failed (the last run is on our release, the one the
 * packages are built and tested for; an earlier run on an older release
 * shows how far back they work).
 */
export async function freshAppCommand(args: string[]): Promise<number> {
  const options = parseFreshAppArgs(args);
  const results = await runFreshAppCheck(options);
  console.log('');
  for (const line of summaryLines(results)) console.log(line);
  return freshAppPassed(results, options.releases[options.releases.length - 1])
    ? 0
    : 1;
}

const SETUP_PHASES = [
  'create-app',
  'yarn-install',
  'pin',
  'pack',
  'install',
  'legacy',
];

/**
 * Passed: no setup phase failed anywhere, and every check of the last run
 * passed (of the earlier run when the last one had nothing to do because
 * create-app already made an app of our release).
 */
export function freshAppPassed(
  results: PhaseResult[],
  lastRun: string,
): boolean {
  if (
    results.some(r => SETUP_PHASES.includes(r.phase) && r.status === 'failed')
  )
    return false;
  const checks = results.filter(r => !SETUP_PHASES.includes(r.phase));
  const last = checks.filter(r => r.run === lastRun);
  const verdict = last.length ? last : checks;
  return verdict.length > 0 && verdict.every(r => r.status === 'ok');
}
