import { ConnectorBase } from '../ConnectorBase';
import { redact } from '../http/redact';
import { ContractResult, ConnectorInventory } from '../types';
import { TimedOutcome, timed } from './budget';
import { ContractTestError, ContractTestSkip } from './ContractTestError';

/** A skip, also when thrown by another copy of the SDK. */
function isSkip(error: unknown): boolean {
  return (
    error instanceof ContractTestSkip ||
    (error instanceof Error && error.name === 'ContractTestSkip')
  );
}

/** How long one call of a connector method took. */
export interface CallRecord {
  call: string;
  durationMs: number;
  withinBudget: boolean;
}

/** What the checks of one suite run share. */
export class SuiteContext {
  readonly calls: CallRecord[] = [];
  /** The first `inventory()` result, when it matched the schema. */
  firstInventory?: ConnectorInventory;

  constructor(
    readonly connector: ConnectorBase,
    readonly deadConnector: ConnectorBase | undefined,
    readonly budgetMs: number,
    readonly secrets: string[],
    /** Nothing changes the source during the run, so repeated calls must agree. */
    readonly stableSource = false,
  ) {}

  /** Calls a connector method within the budget and records how long it took. */
  async call<T>(
    name: string,
    fn: () => T | Promise<T>,
  ): Promise<TimedOutcome<T>> {
    const outcome = await timed(fn, this.budgetMs);
    this.calls.push({
      call: name,
      durationMs: outcome.durationMs,
      withinBudget: outcome.kind !== 'timeout',
    });
    return outcome;
  }

  /**
   * The value of a call, or a {@link ContractTestError} saying it threw or
   * ran out of time.
   */
  valueOf<T>(outcome: TimedOutcome<T>, name: string): T {
    if (outcome.kind === 'value') return outcome.value;
    if (outcome.kind === 'timeout') {
      throw new ContractTestError(
        `${name} did not finish within the time budget of ${this.budgetMs} ms`,
        { durationMs: outcome.durationMs, budgetMs: this.budgetMs },
      );
    }
    throw new ContractTestError(`${name} threw: ${messageOf(outcome.error)}`, {
      durationMs: outcome.durationMs,
    });
  }

  /** Redacts the suite's secrets from a message. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** Redacts the suite's secrets from evidence and keeps it plain JSON. */
  cleanEvidence(evidence: unknown): Record<string, unknown> {
    if (evidence === undefined || evidence === null) return {};
    let json: string;
    try {
      json = JSON.stringify(
        typeof evidence === 'object' && !Array.isArray(evidence)
          ? evidence
          : { value: evidence },
      );
    } catch {
      return { unserializable: true };
    }
    return JSON.parse(this.redact(json));
  }

  /**
   * Runs one check: `body` returns evidence on success, throws
   * {@link ContractTestError} (fail), {@link ContractTestSkip} (skip) or
   * anything else (fail).
   */
  async check(
    id: string,
    title: string,
    body: () => Promise<Record<string, unknown> | void>,
  ): Promise<ContractResult> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const evidence = await body();
      return {
        id,
        title,
        status: 'pass',
        durationMs: durationMs(),
        evidence: this.cleanEvidence(evidence),
      };
    } catch (error) {
      const evidence = (error as { evidence?: unknown } | null)?.evidence;
      return {
        id,
        title,
        status: isSkip(error) ? 'skip' : 'fail',
        durationMs: durationMs(),
        evidence: this.cleanEvidence(evidence),
        error: this.redact(messageOf(error)),
      };
    }
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
