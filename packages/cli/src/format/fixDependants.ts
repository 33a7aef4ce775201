import {
  PatchDependant,
  ProbeOutcome,
} from '@platform-kit/plugin-platform-kit-common';

/** One dependant: what it is, as which roles, where in the app, and what the fix does to it. */
export function dependantLine(d: PatchDependant): string {
  const roles = d.roles.length ? ` as ${d.roles.join(', ')}` : '';
  const at = d.location ? ` at ${d.location}` : '';
  return `[${d.effect}] ${d.description}${roles}${at}`;
}

/** One probe that ran: its role, what it exercised, and its result before -> after. */
export function probeLine(p: ProbeOutcome): string {
  return `probe as ${p.role}: ${p.description}: ${p.before} -> ${p.after}`;
}

export const count = (n: number, noun: string) =>
  `${n} ${noun}${n === 1 ? '' : 's'}`;
