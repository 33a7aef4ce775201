import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import { introspect } from '@platform-kit/plugin-platform-kit-node';
import { CliIo } from './io';
import { endProgress, progress } from './progress';
import { createExecutor, TargetOptions } from './target';

/** Reads the inventory of the target (read-only), with progress on a terminal. */
export async function scanTarget(
  target: TargetOptions,
  options: { exposedSchemas?: string[]; statementTimeout: number },
  io: CliIo,
): Promise<Inventory> {
  const executor = createExecutor(target, io.env);
  try {
    return await introspect(executor, {
      exposedSchemas: options.exposedSchemas,
      statementTimeoutMs: options.statementTimeout,
      onProgress: progress(io),
    });
  } finally {
    endProgress(io);
    await executor.close();
  }
}
