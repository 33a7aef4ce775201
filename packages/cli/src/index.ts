/**
 * The `platform-kit` command line.
 *
 * @packageDocumentation
 */
export { run } from './program';
export type { CliIo } from './io';
