/**
 * Thrown by a contract test (or an SDK check) that fails, carrying the
 * evidence that decided it: what was asked and what was seen. Evidence is
 * plain JSON and must not contain secrets (the harness redacts the secrets
 * it is given, as a second line of defence).
 *
 * @example
 * ```ts
 * throw new ContractTestError('GET /api/v1/workflows without a key was not refused', {
 *   status: 200,
 * });
 * ```
 *
 * @public
 */
export class ContractTestError extends Error {
  override readonly name = 'ContractTestError';
  /** What was checked and seen. */
  readonly evidence: Record<string, unknown>;

  constructor(message: string, evidence: Record<string, unknown> = {}) {
    super(message);
    this.evidence = evidence;
  }
}

/**
 * Thrown by a contract test that cannot run here (e.g. the source's version
 * lacks the feature); the harness records it as `skip`, not as a failure.
 *
 * @public
 */
export class ContractTestSkip extends Error {
  override readonly name = 'ContractTestSkip';
  /** Why the test did not run, and what was seen. */
  readonly evidence: Record<string, unknown>;

  constructor(reason: string, evidence: Record<string, unknown> = {}) {
    super(reason);
    this.evidence = evidence;
  }
}
