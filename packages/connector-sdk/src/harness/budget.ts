/** How one call of a connector method went. */
export type TimedOutcome<T> =
  | { kind: 'value'; value: T; durationMs: number }
  | { kind: 'error'; error: unknown; durationMs: number }
  | { kind: 'timeout'; durationMs: number };

/**
 * Runs `fn` and waits for it at most `budgetMs`. A call that runs longer is
 * reported as `timeout` and no longer awaited (JavaScript cannot cancel it;
 * connectors bound their own I/O with the HTTP client's timeouts).
 */
export async function timed<T>(
  fn: () => T | Promise<T>,
  budgetMs: number,
): Promise<TimedOutcome<T>> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>(resolve => {
    timer = setTimeout(() => resolve('timeout'), budgetMs);
  });
  try {
    const result = await Promise.race([
      Promise.resolve()
        .then(fn)
        .then(value => ({ value })),
      timeout,
    ]);
    if (result === 'timeout') return { kind: 'timeout', durationMs: elapsed() };
    return { kind: 'value', value: result.value, durationMs: elapsed() };
  } catch (error) {
    return { kind: 'error', error, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
