/**
 * The Platform Kit connector SDK: build connectors that list what a platform
 * holds (inventory), say whether it answers (health), declare and prove their
 * contracts (capabilities, contract tests). No Backstage dependency.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './ConnectorBase';
export * from './http';
export * from './harness';
export * from './openapi';
