import {
  Patch,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';
import { count, dependantLine } from './fixDependants';

/** SQL comment lines; PostgreSQL ends a `--` comment at CR as well as LF, so both split. */
export const sqlComment = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map(line => `-- ${line}`.trimEnd())
    .join('\n');

const indent = (lines: string[], by = '  ') => lines.map(l => `${by}${l}`);

/** A patch's dependants and its probes, indented under its finding. */
function patchLines(patch: Patch): string[] {
  const head = `${patch.findingKey}: ${
    patch.dependants.length
      ? count(patch.dependants.length, 'dependant')
      : 'no dependants found'
  }, ${
    patch.manual
      ? 'not applied'
      : `${count(
          patch.probes.length,
          'probe',
        )} will run before and after its steps`
  }`;
  return [head, ...indent(patch.dependants.map(dependantLine), '    ')];
}

/** What the plan leaves alone: patches that need a human, and findings without a patch. */
export function planNotes(plan: RemediationPlan): string[] {
  const manual = plan.patches.filter(p => p.manual);
  const out: string[] = [];
  if (manual.length)
    out.push(
      '',
      `Needs a human (${manual.length}):`,
      ...manual.flatMap(p => [
        `  ${p.findingKey}: ${p.manual!.reason}`,
        ...indent(p.manual!.instructions.split(/\r\n|\r|\n/), '    '),
      ]),
    );
  if (plan.skipped.length)
    out.push(
      '',
      `Not fixed by this plan (${plan.skipped.length}):`,
      ...plan.skipped.map(s => `  ${s.findingKey}: ${s.reason}`),
    );
  return out;
}

/**
 * The review of a plan printed after its SQL, as SQL comments: where the
 * application's callers came from, the pre-flight's problems, per patch its
 * dependants and how many probes will run, and what needs a human.
 */
export function planReview(plan: RemediationPlan): string {
  const out: string[] = [
    'Review of the plan:',
    plan.appSource
      ? `Application source: ${plan.appSource.origin} (${count(
          plan.appSource.files,
          'file',
        )} searched for callers)`
      : 'Application source: none (give --app-source <dir> to find its RPC and table callers)',
  ];
  if (plan.preflight.length)
    out.push(
      '',
      `Pre-flight problems (${plan.preflight.length}): these findings will not be applied:`,
      ...plan.preflight.map(
        p => `  ${p.findingKey} step ${p.stepId}: ${p.problem}`,
      ),
    );
  const automatic = plan.patches.filter(p => !p.manual);
  if (automatic.length)
    out.push(
      '',
      'Dependants and probes per patch:',
      ...indent(automatic.flatMap(patchLines)),
    );
  const manual = plan.patches.filter(p => p.manual && p.dependants.length);
  if (manual.length)
    out.push(
      '',
      'Dependants of the patches that need a human:',
      ...indent(manual.flatMap(patchLines)),
    );
  out.push(...planNotes(plan));
  return `\n${sqlComment(out.join('\n'))}\n`;
}
