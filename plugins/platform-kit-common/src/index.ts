/**
 * Isomorphic domain of Platform Kit.
 *
 * @packageDocumentation
 */
export * from './inventory/schema';
export * from './lint/finding';
export * from './lint/exclusions';
