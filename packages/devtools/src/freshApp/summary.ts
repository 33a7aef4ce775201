import { formatDuration } from '../util/run';
import { PhaseResult } from './phases';

/** Phases a person installing Platform Kit goes through (our own checks and stand-ins left out). */
export const USER_PHASES = {
  /** From nothing: a new Backstage app. */
  app: ['create-app', 'yarn-install'],
  /** Adding Platform Kit to an app and seeing the first result. */
  platformKit: ['pack', 'install', 'tsc', 'build', 'backend', 'scan'],
};

function total(results: PhaseResult[], run: string, phases: string[]) {
  const picked = results.filter(
    r => r.run === run && phases.includes(r.phase) && r.status === 'ok',
  );
  return {
    ms: picked.reduce((sum, r) => sum + r.ms, 0),
    complete: picked.length === phases.length,
  };
}

/** The closing lines: each run's outcome and the time a user needs. */
export function summaryLines(results: PhaseResult[]): string[] {
  const runs = [...new Set(results.map(r => r.run))];
  const lines = ['fresh-app summary'];
  for (const run of runs) {
    const mine = results.filter(r => r.run === run);
    const failed = mine.filter(r => r.status === 'failed').map(r => r.phase);
    const skipped = mine.filter(r => r.status === 'skipped').map(r => r.phase);
    const time = formatDuration(mine.reduce((sum, r) => sum + r.ms, 0));
    lines.push(
      `  ${run}: ${
        failed.length ? `FAILED in ${failed.join(', ')}` : 'all phases ok'
      }${skipped.length ? `; skipped ${skipped.join(', ')}` : ''} (${time})`,
    );
  }
  for (const run of runs) {
    const app = total(results, run, USER_PHASES.app);
    const kit = total(results, run, USER_PHASES.platformKit);
    if (!kit.complete) continue;
    lines.push(
      `  time a user needs (${run}): Platform Kit into an app, first scan result included: ${formatDuration(
        kit.ms,
      )} (${USER_PHASES.platformKit.join(' + ')})${
        app.complete
          ? `; from nothing, with create-app and its install: ${formatDuration(
              app.ms + kit.ms,
            )}`
          : ''
      }`,
    );
  }
  return lines;
}
