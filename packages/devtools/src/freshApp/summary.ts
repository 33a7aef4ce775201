import { formatDuration } from '../util/run';
import { PhaseResult } from './phases';

/** Phases a person installing Platform Kit goes through (our own checks and stand-ins left out). */
export const USER_PHASES = {
  /** From nothing: a new Backstage app. */
  app: ['create-app', 'yarn-install'],
  /** Adding Platform Kit to an app and seeing the first result. */
  platformKit: ['pack', 'install', 'tsc', 'build', 'backend', 'scan'],
};

/** Each phase's latest passing result (a later run repeats some phases of an earlier one). */
function latest(results: PhaseResult[], phases: string[]) {
  const picked = phases.map(phase =>
    [...results].reverse().find(r => r.phase === phase && r.status === 'ok'),
  );
  return picked.every(Boolean) ? (picked as PhaseResult[]) : undefined;
}

const breakdown = (picked: PhaseResult[]) =>
  picked.map(r => `${r.phase} ${formatDuration(r.ms)}`).join(', ');

const sum = (picked: PhaseResult[]) => picked.reduce((t, r) => t + r.ms, 0);

/** The closing lines: each run's outcome and the time a user needs. */
export function summaryLines(results: PhaseResult[]): string[] {
  const lines = ['fresh-app summary'];
  for (const run of [...new Set(results.map(r => r.run))]) {
    const mine = results.filter(r => r.run === run);
    const failed = mine.filter(r => r.status === 'failed').map(r => r.phase);
    const skipped = mine.filter(r => r.status === 'skipped').map(r => r.phase);
    lines.push(
      `  ${run}: ${
        failed.length ? `FAILED in ${failed.join(', ')}` : 'all phases ok'
      }${
        skipped.length ? `; skipped ${skipped.join(', ')}` : ''
      } (${formatDuration(sum(mine))})`,
    );
  }
  const kit = latest(results, USER_PHASES.platformKit);
  if (kit) {
    lines.push(
      `  time a user needs to add Platform Kit to an app and see the first scan: ${formatDuration(
        sum(kit),
      )} (${breakdown(kit)})`,
    );
    const app = latest(results, USER_PHASES.app);
    if (app)
      lines.push(
        `  from nothing, with a new create-app app: ${formatDuration(
          sum(app) + sum(kit),
        )} (${breakdown(app)})`,
      );
  }
  return lines;
}
