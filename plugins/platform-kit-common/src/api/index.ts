export * from './generated';
export {
  createPlatformKitClient,
  type ExemptionsQuery,
  type FindingsQuery,
  type InventoryQuery,
  type JobsQuery,
  type PlatformKitApiClient,
  type PlatformKitClientOptions,
  type ScorecardsQuery,
} from './createPlatformKitClient';
export { PlatformKitApiError } from './PlatformKitApiError';
export { backendPluginAccess } from './backendPluginAccess';
