import { Policy } from '@platform-kit/plugin-platform-kit-common';

const PER_ROW_CALL =
  /\b(auth\.(uid|jwt|role|email)\s*\(\s*\)|current_setting\s*\()/gi;

/**
 * Calls to `auth.uid()`, `auth.jwt()`, `auth.role()`, `auth.email()` or
 * `current_setting()` that are not wrapped in `(select ...)`, so PostgreSQL
 * evaluates them once per row instead of once per statement (an initPlan).
 */
export function unwrappedPerRowCalls(expression: string | null): string[] {
  if (!expression) return [];
  const calls: string[] = [];
  for (const match of expression.matchAll(PER_ROW_CALL)) {
    const before = expression.slice(0, match.index).trimEnd();
    if (!/select$/i.test(before)) calls.push(match[1].replace(/\s+/g, ''));
  }
  return calls;
}

/** The policy's expressions (USING and WITH CHECK) that are set. */
export function policyExpressions(policy: Policy): string[] {
  return [policy.using, policy.withCheck].filter(
    (e): e is string => e !== null,
  );
}

const ALWAYS_TRUE = new Set(['true', '(true)', '1=1', '(1=1)']);

/** An expression that is the constant `true` (or `1 = 1`) as PostgreSQL deparses it. */
export function isAlwaysTrue(expression: string | null): boolean {
  return (
    expression !== null &&
    ALWAYS_TRUE.has(expression.toLowerCase().replace(/\s+/g, ''))
  );
}
