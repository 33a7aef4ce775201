/**
 * Platform Kit control plane backend plugin.
 *
 * @packageDocumentation
 */
export { platformKitPlugin as default } from './plugin';
