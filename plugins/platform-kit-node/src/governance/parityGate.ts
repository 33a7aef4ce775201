import fs from 'node:fs/promises';
import {
  CapabilityResult,
  CapabilityStatus,
  ContractEvidence,
  Finding,
  findingSchema,
  LintLevel,
  ParityMatrix,
  parityMatrixSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';

/**
 * What CI pushes to `POST /results` and `platform-kit parity evaluate`
 * writes; `findings` only when a database was scanned.
 *
 * @public
 */
export const parityResultsDocumentSchema = z.object({
  entityRef: z.string().min(1),
  findings: z.array(findingSchema).optional(),
  parity: parityMatrixSchema,
});
/** @public */
export type ParityResultsDocument = z.infer<typeof parityResultsDocumentSchema>;

/**
 * A parity result read from a file: a results document or a bare ParityMatrix.
 *
 * @public
 */
export interface ParityFile {
  /** Where it came from, for messages. */
  source: string;
  entityRef: string;
  parity: ParityMatrix;
  /** Every finding of the scan; absent when the file has none (a bare matrix, or no database scanned). */
  findings?: Finding[];
}

/**
 * A parity file that cannot be read or is not a parity result; the message names the file and field.
 *
 * @public
 */
export class ParityFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParityFileError';
  }
}

/**
 * Checks a parsed JSON value: a results document
 * `{ entityRef, findings, parity }` (it has a `parity` key) or a ParityMatrix as
 * `GET /entities/{kind}/{namespace}/{name}/parity` returns it.
 *
 * @public
 */
export function parseParityFile(data: unknown, source: string): ParityFile {
  const isDocument =
    typeof data === 'object' && data !== null && 'parity' in data;
  const result = isDocument
    ? parityResultsDocumentSchema.safeParse(data)
    : parityMatrixSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue.path.length ? issue.path.join('.') : '(root)';
    const what = isDocument
      ? 'results document'
      : 'parity result (a ParityMatrix or a results document)';
    throw new ParityFileError(
      `${source}: not a valid ${what}: ${at}: ${issue.message}`,
    );
  }
  if ('parity' in result.data) {
    const doc = result.data;
    if (doc.entityRef.toLowerCase() !== doc.parity.entityRef.toLowerCase())
      throw new ParityFileError(
        `${source}: entityRef ${doc.entityRef} does not match parity.entityRef ${doc.parity.entityRef}`,
      );
    return {
      source,
      entityRef: doc.entityRef.toLowerCase(),
      parity: doc.parity,
      findings: doc.findings,
    };
  }
  return {
    source,
    entityRef: result.data.entityRef.toLowerCase(),
    parity: result.data,
  };
}

/**
 * Reads and checks a parity file (JSON).
 *
 * @public
 */
export async function readParityFile(file: string): Promise<ParityFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ParityFileError(
      `${file}: cannot read (${
        (error as NodeJS.ErrnoException).code ?? String(error)
      })`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParityFileError(
      `${file}: not valid JSON (${(error as Error).message.split('\n')[0]})`,
    );
  }
  return parseParityFile(data, file);
}

/** @public */
export interface CapabilityChange {
  capabilityId: string;
  title: string;
  severity: number;
  from: CapabilityStatus;
  to: CapabilityStatus;
  /** Set when an exemption that covered it no longer does. */
  exemptionEnded?: { expiresAt: string };
}

/** @public */
export interface ContractChange {
  capabilityId: string;
  contractId: string;
  title: string;
  /** Absent when the contract did not apply in the baseline. */
  from?: ContractEvidence['status'];
  to: ContractEvidence['status'];
}

/** @public */
export interface FindingChange {
  cache_key: string;
  name: string;
  level: LintLevel | string;
  detail: string;
}

/** @public */
export interface ParityComparison {
  entityRef: string;
  baselineScore: number | null;
  currentScore: number | null;
  /** Points lost (negative: gained); null when either score is null. */
  drop: number | null;
  maxDrop: number;
  passed: boolean;
  /** One sentence on how the verdict was reached when a score is missing. */
  explanation?: string;
  /** `all`: both files list every finding of their scans; `evidence`: only those the capabilities name. */
  findingsCompared: 'all' | 'evidence';
  /** Set when only one file lists all its findings, so fewer could be compared. */
  findingsNote?: string;
  worse: {
    capabilities: CapabilityChange[];
    contracts: ContractChange[];
    findings: FindingChange[];
  };
  better: {
    capabilities: CapabilityChange[];
    contracts: ContractChange[];
    findings: FindingChange[];
  };
}

/** Higher is better; an exempted failure is worse than a pass, better than a live one. */
const CAPABILITY_RANK: Record<CapabilityStatus, number | undefined> = {
  pass: 4,
  exempted: 3,
  partial: 2,
  fail: 1,
  not_applicable: undefined,
};
const CONTRACT_RANK: Record<ContractEvidence['status'], number> = {
  pass: 3,
  partial: 2,
  fail: 1,
};

const round = (n: number) => Math.round(n * 10) / 10;

/** Worse, better or neither; a capability that starts to apply counts as worse unless it passes. */
function direction(
  from: CapabilityStatus,
  to: CapabilityStatus,
): 'worse' | 'better' | undefined {
  const a = CAPABILITY_RANK[from];
  const b = CAPABILITY_RANK[to];
  if (a === undefined && b === undefined) return undefined;
  if (a === undefined) return to === 'pass' ? undefined : 'worse';
  if (b === undefined) return undefined;
  if (b < a) return 'worse';
  return b > a ? 'better' : undefined;
}

function contractChanges(
  base: CapabilityResult | undefined,
  current: CapabilityResult,
): { worse: ContractChange[]; better: ContractChange[] } {
  const worse: ContractChange[] = [];
  const better: ContractChange[] = [];
  const before = new Map((base?.evidence ?? []).map(e => [e.contractId, e]));
  for (const e of current.evidence) {
    const from = before.get(e.contractId)?.status;
    const change = {
      capabilityId: current.capabilityId,
      contractId: e.contractId,
      title: e.title,
      from,
      to: e.status,
    };
    if (from === undefined) {
      if (e.status !== 'pass') worse.push(change);
    } else if (CONTRACT_RANK[e.status] < CONTRACT_RANK[from]) {
      worse.push(change);
    } else if (CONTRACT_RANK[e.status] > CONTRACT_RANK[from]) {
      better.push(change);
    }
  }
  return { worse, better };
}

/** Findings by cache_key: the full lists when both have them, else those the evidence names. */
function findingsOf(
  file: ParityFile,
  all: boolean,
): Map<string, FindingChange> {
  const list: FindingChange[] = all
    ? file.findings!
    : file.parity.results.flatMap(r => r.evidence.flatMap(e => e.findings));
  return new Map(
    list.map(f => [
      f.cache_key,
      {
        cache_key: f.cache_key,
        name: f.name,
        level: f.level,
        detail: f.detail,
      },
    ]),
  );
}

const LEVEL_ORDER: Record<string, number> = { ERROR: 0, WARN: 1, INFO: 2 };
const byLevel = (a: FindingChange, b: FindingChange) =>
  (LEVEL_ORDER[a.level] ?? 3) - (LEVEL_ORDER[b.level] ?? 3) ||
  a.cache_key.localeCompare(b.cache_key);

/**
 * Compares a current parity result with a baseline: the score drop, whether
 * it stays within `maxDrop` points, and what got worse or better. Throws
 * {@link ParityFileError} when the two are about different entities.
 *
 * @public
 */
export function compareParity(
  baseline: ParityFile,
  current: ParityFile,
  options: { maxDrop: number },
): ParityComparison {
  if (baseline.entityRef !== current.entityRef)
    throw new ParityFileError(
      `${baseline.source} is about ${baseline.entityRef} but ${current.source} is about ${current.entityRef}: compare results of the same entity`,
    );
  const baselineScore = baseline.parity.score;
  const currentScore = current.parity.score;
  let drop: number | null = null;
  let passed: boolean;
  let explanation: string | undefined;
  if (baselineScore !== null && currentScore !== null) {
    drop = round(baselineScore - currentScore);
    passed = drop <= options.maxDrop;
  } else if (baselineScore === null && currentScore === null) {
    passed = true;
    explanation =
      'neither result has a score: no capability applied in either, so there is nothing to compare';
  } else if (baselineScore === null) {
    passed = true;
    explanation =
      'the baseline has no score (no capability applied to it), so the current score cannot have dropped; update the baseline to start gating';
  } else {
    passed = false;
    explanation =
      'the current result has no score: no capability applied (check the entity ref, --repo and --db given to parity evaluate)';
  }

  const before = new Map(baseline.parity.results.map(r => [r.capabilityId, r]));
  const worse: ParityComparison['worse'] = {
    capabilities: [],
    contracts: [],
    findings: [],
  };
  const better: ParityComparison['better'] = {
    capabilities: [],
    contracts: [],
    findings: [],
  };
  for (const result of current.parity.results) {
    const base = before.get(result.capabilityId);
    const from = base?.status ?? 'not_applicable';
    const way = direction(from, result.status);
    const change: CapabilityChange = {
      capabilityId: result.capabilityId,
      title: result.title,
      severity: result.severity,
      from,
      to: result.status,
    };
    if (
      from === 'exempted' &&
      (result.status === 'fail' || result.status === 'partial') &&
      base?.exemption
    )
      change.exemptionEnded = { expiresAt: base.exemption.expiresAt };
    if (way === 'worse') worse.capabilities.push(change);
    if (way === 'better') better.capabilities.push(change);
    if (result.status === 'not_applicable') continue;
    const contracts = contractChanges(
      base?.status === 'not_applicable' ? undefined : base,
      result,
    );
    worse.contracts.push(...contracts.worse);
    better.contracts.push(...contracts.better);
  }
  worse.capabilities.sort((a, b) => b.severity - a.severity);

  const all = Boolean(baseline.findings && current.findings);
  const lacking = [baseline, current].filter(f => !f.findings);
  const findingsNote =
    lacking.length === 1
      ? `only the findings the capabilities name were compared: ${lacking[0].source} has no findings list`
      : undefined;
  const oldFindings = findingsOf(baseline, all);
  const newFindings = findingsOf(current, all);
  worse.findings = [...newFindings.values()]
    .filter(f => !oldFindings.has(f.cache_key))
    .sort(byLevel);
  better.findings = [...oldFindings.values()]
    .filter(f => !newFindings.has(f.cache_key))
    .sort(byLevel);

  return {
    entityRef: current.entityRef,
    baselineScore,
    currentScore,
    drop,
    maxDrop: options.maxDrop,
    passed,
    explanation,
    findingsCompared: all ? 'all' : 'evidence',
    findingsNote,
    worse,
    better,
  };
}
