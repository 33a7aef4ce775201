import {
  PlanPatch,
  PlanContent,
} from '@platform-kit/plugin-platform-kit-common';

type Dependant = PlanPatch['dependants'][number];

/** What a dependant's effect means for people. */
export const EFFECT_LABEL: Record<Dependant['effect'], string> = {
  kept: 'keeps working',
  blocks: 'blocks the fix',
  unaffected: 'not affected',
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `anon and authenticated`, `anon, authenticated and service_role`. */
export function roleList(roles: string[]): string {
  if (roles.length <= 1) return roles.join('');
  return `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}`;
}

function rolesOf(dependants: Dependant[]): string[] {
  return [...new Set(dependants.flatMap(d => d.roles))].sort();
}

/**
 * One plain-English sentence about what a patch does to what uses the
 * objects it changes, e.g. "3 things use what this patch changes: 2 keep
 * working (as anon and authenticated), 1 blocks the fix, so it needs a human."
 */
export function patchConsequences(
  patch: PlanPatch,
  appSource: PlanContent['appSource'],
): string {
  const source = appSource
    ? `the application source (${appSource.origin})`
    : null;
  if (patch.dependants.length === 0)
    return source
      ? `Nothing in the database or in ${source} uses what this patch changes.`
      : 'Nothing in the database uses what this patch changes; the application source was not searched.';
  const by = (effect: Dependant['effect']) =>
    patch.dependants.filter(d => d.effect === effect);
  const kept = by('kept');
  const blocks = by('blocks');
  const unaffected = by('unaffected');
  const parts: string[] = [];
  if (kept.length) {
    const roles = rolesOf(kept);
    parts.push(
      `${count(kept.length, 'keeps', 'keep')} working${
        roles.length ? ` (as ${roleList(roles)})` : ''
      }`,
    );
  }
  if (blocks.length)
    parts.push(
      `${count(blocks.length, 'blocks', 'block')} the fix, so it needs a human`,
    );
  if (unaffected.length)
    parts.push(`${count(unaffected.length, 'is', 'are')} not affected`);
  const searched = source ? '' : ' The application source was not searched.';
  return `${count(
    patch.dependants.length,
    'thing uses',
    'things use',
  )} what this patch changes: ${parts.join(', ')}.${searched}`;
}
