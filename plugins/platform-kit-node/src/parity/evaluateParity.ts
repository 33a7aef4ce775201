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

export interface Exemption {
  capabilityId: string;
  reason: string;
  requestedBy: string;
  /** ISO timestamp; an expired exemption no longer counts. */
  expiresAt: string;
}

export interface ParityInput {
  entityRef: string;
  /** What the entity is (or depends on): decides which capabilities apply. */
  targets: CapabilityTarget[];
  capabilities: Capability[];
  /** Findings of the latest good database scan (suppressed findings left out). */
  findings?: Finding[];
  /** Facts reported by repository and connector scans; missing means not reported. */
  facts?: Record<string, boolean | undefined>;
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
  const statuses = Object.values(facts).map((v): ContractEvidence['status'] =>
    v === true ? 'pass' : 'fail',
  );
  return { ...base, status: combine(statuses), findings: [], facts };
}

/**
 * The parity matrix of one entity: each applicable capability's status with
 * the evidence of every contract, exemptions applied, and the weighted score.
 */
export function evaluateParity(input: ParityInput): ParityMatrix {
  const now = input.now ?? new Date();
  const results: CapabilityResult[] = input.capabilities.map(capability => {
    const head = {
      capabilityId: capability.id,
      title: capability.title,
      severity: capability.severity,
    };
    if (!capability.appliesTo.some(t => input.targets.includes(t))) {
      return {
        ...head,
        status: 'not_applicable',
        exemption: null,
        evidence: [],
      };
    }
    const evidence = capability.contracts.map(c => evaluateContract(c, input));
    const status = combine(evidence.map(e => e.status));
    const exemption = (input.exemptions ?? []).find(
      e =>
        e.capabilityId === capability.id &&
        new Date(e.expiresAt).getTime() > now.getTime(),
    );
    if (exemption && status !== 'pass') {
      const { reason, requestedBy, expiresAt } = exemption;
      return {
        ...head,
        status: 'exempted',
        exemption: { reason, requestedBy, expiresAt },
        evidence,
      };
    }
    return { ...head, status, exemption: null, evidence };
  });
  return {
    entityRef: input.entityRef,
    evaluatedAt: now.toISOString(),
    score: parityScore(results),
    results,
  };
}
