/**
 * Fails the test (from an `afterEach`) when our client broke the documented
 * contract or the stand-in answered something off-contract.
 */
export function assertCleanRun(violations: string[], problems: string[]): void {
  if (violations.length > 0) {
    throw new Error(
      `requests broke Odoo's documented contract:\n${violations.join('\n')}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `the stand-in answered off-contract:\n${problems.join('\n')}`,
    );
  }
}
