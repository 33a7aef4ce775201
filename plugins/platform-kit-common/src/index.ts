/**
 * Isomorphic domain of Platform Kit.
 *
 * @packageDocumentation
 */
export * from './inventory/schema';
export * from './lint/finding';
export * from './lint/exclusions';
export * from './parity/capabilitySchema';
export * from './parity/parityResult';
export * from './parity/score';
export * from './parity/coreCapabilities';
export * from './parity/jsonSchema';
export * from './permissions';
export * from './parity/profiles';
export * from './remediation/patch';
export * from './signals';
export * from './entityRef';
export * from './api';
