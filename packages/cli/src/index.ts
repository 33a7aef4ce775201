/**
 * The `platform-kit` command line.
 *
 * @packageDocumentation
 */
export { run } from './program';
export { main } from './main';
export type { CliIo } from './io';
