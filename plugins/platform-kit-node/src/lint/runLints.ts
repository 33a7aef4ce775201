import {
  compareFindings,
  ExclusionsFile,
  Finding,
  findingSchema,
  Inventory,
  LintCategory,
} from '@platform-kit/plugin-platform-kit-common';
import { InventoryIndex } from './inventoryIndex';
import { LINT_RULES } from './rules';
import { LintRule } from './types';

/** @public */
export interface RunLintsOptions {
  /** Only rules of this category. */
  only?: LintCategory;
  /** Rule names to skip. */
  exclude?: string[];
  /** Accepted risks: whole rules or single findings, each with a reason. */
  exclusions?: ExclusionsFile;
  rules?: readonly LintRule[];
}

/** @public */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
}

/**
 * Something a rule tells the user that is not a finding (Supabase's findings
 * are a lint's only output): e.g. why it left an object out.
 *
 * @public
 */
export interface LintNote {
  rule: string;
  message: string;
}

/** @public */
export interface LintResult {
  findings: Finding[];
  /** Findings an exclusion file accepted, with its reason. */
  suppressed: SuppressedFinding[];
  /** Rules that ran. */
  rules: string[];
  /** Notes of the rules that ran (not those an exclusion file accepts as a whole). */
  notes: LintNote[];
}

function toFinding(
  rule: LintRule,
  detection: ReturnType<LintRule['detect']>[number],
): Finding {
  return {
    name: rule.name,
    title: rule.title,
    level: rule.level,
    facing: rule.facing,
    categories: rule.categories,
    description: rule.description,
    detail: detection.detail,
    remediation: rule.remediation,
    metadata: detection.metadata,
    cache_key: [rule.name, ...detection.cacheKey].join('_'),
    severity: detection.severity ?? rule.severity,
    fixable: rule.fixable,
  };
}

/**
 * Runs the lint rules over an inventory and returns findings worst first.
 *
 * @public
 */
export function runLints(
  inventory: Inventory,
  options: RunLintsOptions = {},
): LintResult {
  const rules = (options.rules ?? LINT_RULES).filter(
    r =>
      (!options.only || r.categories.includes(options.only)) &&
      !(options.exclude ?? []).includes(r.name),
  );
  const ruleReasons = new Map(
    (options.exclusions?.rules ?? []).map(r => [r.name, r.reason]),
  );
  const findingReasons = new Map(
    (options.exclusions?.findings ?? []).map(f => [f.cache_key, f.reason]),
  );
  const index = new InventoryIndex(inventory);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const notes: LintNote[] = [];
  for (const rule of rules) {
    const note = (message: string) => {
      if (!ruleReasons.has(rule.name)) notes.push({ rule: rule.name, message });
    };
    for (const detection of rule.detect(index, note)) {
      const finding = findingSchema.parse(toFinding(rule, detection));
      const reason =
        ruleReasons.get(rule.name) ?? findingReasons.get(finding.cache_key);
      if (reason) suppressed.push({ finding, reason });
      else findings.push(finding);
    }
  }
  return {
    findings: findings.sort(compareFindings),
    suppressed,
    rules: rules.map(r => r.name),
    notes,
  };
}

/**
 * The lint catalogue: every rule's documentation, without its detection.
 *
 * @public
 */
export function lintCatalogue() {
  return LINT_RULES.map(({ detect: _detect, ...entry }) => entry);
}
