import { PatchStep } from '@platform-kit/plugin-platform-kit-common';

/**
 * What a step needs from the role that applies it, read from the statement:
 * ownership of the relation, routine or extension it changes (or membership
 * in the owning role), CREATE on the database for a new schema. Unknown
 * statements need nothing we can check (they still run guarded).
 */
export type StepNeed =
  | { kind: 'relation-owner'; relation: string }
  | { kind: 'routine-owner'; signature: string }
  | { kind: 'extension-owner'; extension: string; setSchema: boolean }
  | { kind: 'create-schema' };

const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QNAME = String.raw`${NAME}(?:\s*\.\s*${NAME})?`;
const ROUTINE = String.raw`(${QNAME}\s*\(.*\))`;

const PATTERNS: { re: RegExp; need: (m: RegExpExecArray) => StepNeed }[] = [
  {
    re: new RegExp(
      String.raw`^\s*alter\s+extension\s+(${NAME})\s+(set\s+schema|update)`,
      'is',
    ),
    need: m => ({
      kind: 'extension-owner',
      extension: m[1],
      setSchema: /^set/i.test(m[2]),
    }),
  },
  {
    re: new RegExp(
      String.raw`^\s*(?:revoke|grant)\s+.*?\s+on\s+(?:function|procedure|routine)\s+${ROUTINE}\s+(?:from|to)\s`,
      'is',
    ),
    need: m => ({ kind: 'routine-owner', signature: m[1] }),
  },
  {
    re: new RegExp(
      String.raw`^\s*alter\s+(?:function|procedure|routine)\s+${ROUTINE}\s+(?:set|reset|security|owner|rename|stable|immutable|volatile)`,
      'is',
    ),
    need: m => ({ kind: 'routine-owner', signature: m[1] }),
  },
  {
    re: new RegExp(
      String.raw`^\s*(?:alter\s+table|alter\s+view|alter\s+materialized\s+view)\s+(?:if\s+exists\s+)?(?:only\s+)?(${QNAME})`,
      'is',
    ),
    need: m => ({ kind: 'relation-owner', relation: m[1] }),
  },
  {
    re: new RegExp(
      String.raw`^\s*(?:create|drop|alter)\s+policy\s+(?:if\s+exists\s+)?${NAME}\s+on\s+(${QNAME})`,
      'is',
    ),
    need: m => ({ kind: 'relation-owner', relation: m[1] }),
  },
  {
    re: new RegExp(
      String.raw`^\s*comment\s+on\s+policy\s+${NAME}\s+on\s+(${QNAME})`,
      'is',
    ),
    need: m => ({ kind: 'relation-owner', relation: m[1] }),
  },
  {
    re: new RegExp(
      String.raw`^\s*create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:${NAME}\s+)?on\s+(?:only\s+)?(${QNAME})`,
      'is',
    ),
    need: m => ({ kind: 'relation-owner', relation: m[1] }),
  },
  {
    re: new RegExp(
      String.raw`^\s*drop\s+index\s+(?:concurrently\s+)?(?:if\s+exists\s+)?(${QNAME})`,
      'is',
    ),
    need: m => ({ kind: 'relation-owner', relation: m[1] }),
  },
  {
    re: /^\s*create\s+schema\b/i,
    need: () => ({ kind: 'create-schema' }),
  },
];

/** The need of one step's statement, or null when none is known. */
export function stepNeed(step: PatchStep): StepNeed | null {
  for (const { re, need } of PATTERNS) {
    const match = re.exec(step.sql);
    if (match) return need(match);
  }
  return null;
}
