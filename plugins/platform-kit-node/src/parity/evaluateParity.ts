import {
  Capability,
  CapabilityResult,
  CapabilityTarget,
  Contract,
  ContractEvidence,
  Finding,
  levelAtLeast,
  ParityMatrix,
  parityScore,
} from '@platform-kit/plugin-platform-kit-common';

/** @public */
export interface Exemption {
  capabilityId: string;
  reason: string;
  requestedBy: string;
  /** ISO timestamp; an expired exemption no longer counts. */
  expiresAt: string;
}

/** @public */
export interface ParityInput {
  entityRef: string;
  /** What the entity is (or depends on): decides which capabilities apply (by their `appliesTo`). */
  targets?: CapabilityTarget[];
  /** Capability ids that apply, from the entity's profile; overrides `targets`. */
  applicable?: string[];
  capabilities: Capability[];
  /**
   * Findings of the latest good database scans (suppressed findings left
   * out); missing means no database was scanned, so lint contracts cannot pass.
   */
  findings?: Finding[];
  /** Facts reported by repository and connector scans; missing means not reported. */
  facts?: Record<string, boolean | undefined>;
  /**
   * When facts were observed (ISO date-time), for contracts with
   * `maxAgeHours`, e.g. `connector.contract-tests` → the contract run's end.
   */
  factsObservedAt?: Record<string, string | undefined>;
  exemptions?: Exemption[];
  now?: Date;
}

/** All pass: pass. None passes (all fail or partial): fail. Otherwise partial. */
function combine(
  statuses: ContractEvidence['status'][],
): ContractEvidence['status'] {
  if (statuses.every(s => s === 'pass')) return 'pass';
  if (statuses.every(s => s !== 'pass')) return 'fail';
  return 'partial';
}

function evaluateContract(
  contract: Contract,
  input: ParityInput,
): ContractEvidence {
  const base = { contractId: contract.id, title: contract.title };
  const check = contract.check;
  if (check.kind === 'lints') {
    if (!input.findings) {
      return {
        ...base,
        status: 'fail',
        findings: [],
        facts: {},
        note: 'No successful database scan yet',
      };
    }
    const matching = (input.findings ?? []).filter(f =>
      check.lints.includes(f.name),
    );
    let status: ContractEvidence['status'] = 'pass';
    if (matching.some(f => levelAtLeast(f.level, check.failLevel)))
      status = 'fail';
    else if (matching.length > 0) status = 'partial';
    return {
      ...base,
      status,
      findings: matching.map(f => ({
        cache_key: f.cache_key,
        name: f.name,
        level: f.level,
        detail: f.detail,
      })),
      facts: {},
    };
  }
  const facts = Object.fromEntries(
    check.facts.map(k => [k, input.facts?.[k] ?? null]),
  );
  if (check.maxAgeHours !== undefined) {
    return evaluateTimedFacts(base, facts, check.maxAgeHours, input);
  }
  const statuses = Object.values(facts).map((v): ContractEvidence['status'] =>
    v === true ? 'pass' : 'fail',
  );
  const evidence = { ...base, status: combine(statuses), findings: [], facts };
  return input.facts
    ? evidence
    : { ...evidence, note: 'Nothing has reported these facts yet' };
}

const HOUR_MS = 3_600_000;

/** An age in hours as people read it: `0.4 h`, `5 h`, `73 h`. */
function hours(ms: number): string {
  const h = ms / HOUR_MS;
  return `${h < 1 ? h.toFixed(1) : Math.round(h)} h`;
}

/**
 * Facts that must also be recent: true and observed within `maxAgeHours`
 * passes; false fails; true but older, or never observed, is partial (not
 * disproved, not proved now). The note gives each fact's time and age.
 */
function evaluateTimedFacts(
  base: { contractId: string; title: string },
  facts: Record<string, boolean | null>,
  maxAgeHours: number,
  input: ParityInput,
): ContractEvidence {
  const now = (input.now ?? new Date()).getTime();
  const notes: string[] = [];
  const statuses = Object.entries(facts).map(
    ([key, value]): ContractEvidence['status'] => {
      const observed = input.factsObservedAt?.[key];
      const at = observed ? Date.parse(observed) : NaN;
      if (value === null || Number.isNaN(at)) {
        notes.push(`${key}: not observed yet`);
        return value === false ? 'fail' : 'partial';
      }
      const age = Math.max(0, now - at);
      const stale = age > maxAgeHours * HOUR_MS;
      notes.push(
        `${key}: ${value ? 'true' : 'false'}, observed ${new Date(
          at,
        ).toISOString()} (${hours(age)} ago${
          stale ? `, older than ${maxAgeHours} h` : ''
        })`,
      );
      if (!value) return 'fail';
      return stale ? 'partial' : 'pass';
    },
  );
  let status: ContractEvidence['status'] = 'partial';
  if (statuses.every(s => s === 'pass')) status = 'pass';
  else if (statuses.every(s => s === 'fail')) status = 'fail';
  return { ...base, status, findings: [], facts, note: notes.join('; ') };
}

/**
 * Marks failing or partial capabilities that have an active (unexpired)
 * exemption as `exempted`, and scores the result. Applied at read time too, so
 * an exemption takes effect without a new scan.
 *
 * @public
 */
export function applyExemptions(
  entityRef: string,
  results: CapabilityResult[],
  exemptions: Exemption[],
  now: Date = new Date(),
): ParityMatrix {
  const applied = results.map(result => {
    const raw = {
      ...result,
      status: result.status === 'exempted' ? rawStatus(result) : result.status,
      exemption: null,
    };
    const exemption = exemptions.find(
      e =>
        e.capabilityId === result.capabilityId &&
        new Date(e.expiresAt).getTime() > now.getTime(),
    );
    if (!exemption || raw.status === 'pass' || raw.status === 'not_applicable')
      return raw;
    const { reason, requestedBy, expiresAt } = exemption;
    return {
      ...raw,
      status: 'exempted' as const,
      exemption: { reason, requestedBy, expiresAt },
    };
  });
  return {
    entityRef,
    evaluatedAt: now.toISOString(),
    score: parityScore(applied),
    results: applied,
  };
}

/** The status a capability had before an exemption, from its evidence. */
function rawStatus(result: CapabilityResult): CapabilityResult['status'] {
  return combine(result.evidence.map(e => e.status));
}

/**
 * The parity matrix of one entity: each applicable capability's status with
 * the evidence of every contract, exemptions applied, and the weighted score.
 *
 * @public
 */
export function evaluateParity(input: ParityInput): ParityMatrix {
  const results: CapabilityResult[] = input.capabilities.map(capability => {
    const head = {
      capabilityId: capability.id,
      title: capability.title,
      severity: capability.severity,
    };
    const applies = input.applicable
      ? input.applicable.includes(capability.id)
      : capability.appliesTo.some(t => (input.targets ?? []).includes(t));
    if (!applies) {
      return {
        ...head,
        status: 'not_applicable',
        exemption: null,
        evidence: [],
      };
    }
    const evidence = capability.contracts.map(c => evaluateContract(c, input));
    return {
      ...head,
      status: combine(evidence.map(e => e.status)),
      exemption: null,
      evidence,
    };
  });
  return applyExemptions(
    input.entityRef,
    results,
    input.exemptions ?? [],
    input.now,
  );
}
