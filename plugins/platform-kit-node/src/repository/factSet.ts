/**
 * Facts with the sentence that explains each one.
 *
 * @public
 */
export interface FactSet {
  /** Fact key → value; a fact that could not be determined is absent. */
  facts: Record<string, boolean>;
  /** Fact key → why the fact has its value, or why it is unknown. */
  evidence: Record<string, string>;
  /** The keys that could not be determined (absent from `facts`). */
  unknown: string[];
}

export function emptyFactSet(): FactSet {
  return { facts: {}, evidence: {}, unknown: [] };
}

/** Records `key` as `value` (undefined: unknown) with its evidence. */
export function setFact(
  set: FactSet,
  key: string,
  value: boolean | undefined,
  evidence: string,
): void {
  if (value === undefined) set.unknown.push(key);
  else set.facts[key] = value;
  set.evidence[key] = evidence;
}

export function mergeFactSets(...sets: FactSet[]): FactSet {
  return {
    facts: Object.assign({}, ...sets.map(s => s.facts)),
    evidence: Object.assign({}, ...sets.map(s => s.evidence)),
    unknown: sets.flatMap(s => s.unknown),
  };
}
