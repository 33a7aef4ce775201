/**
 * Catalog entity providers of Platform Kit: Supabase projects and their
 * exposed schemas, and connector inventory (n8n workflows, Superset
 * dashboards and datasets, Odoo modules and models).
 *
 * @packageDocumentation
 */
export { catalogModulePlatformKit as default } from './module';
export {
  PlatformKitConnectorEntityProvider,
  type PlatformKitConnectorEntityProviderOptions,
} from './providers/PlatformKitConnectorEntityProvider';
export {
  PlatformKitSupabaseEntityProvider,
  type PlatformKitSupabaseEntityProviderOptions,
} from './providers/PlatformKitSupabaseEntityProvider';
export type {
  IngestionOutcome,
  ConnectorSource,
  SupabaseSource,
} from './providers/outcome';
export { FullMutationProvider } from './providers/FullMutationProvider';
export {
  readProvidersConfig,
  CONFIG_PATH,
  connectorProviderConfigSchema,
  supabaseProviderConfigSchema,
  DEFAULT_SCHEDULE,
  type PlatformKitProvidersConfig,
  type ConnectorProviderConfig,
  type SupabaseProviderConfig,
} from './config';
export {
  connectorItemsToEntities,
  type ConnectorMappingOptions,
  type MappedInventory,
  type SkippedItem,
} from './mapping/connectorEntities';
export {
  supabaseEntities,
  type SupabaseProject,
  type SupabaseMappingOptions,
} from './mapping/supabaseEntities';
export { ANNOTATIONS } from './mapping/annotations';
export { ITEM_KINDS, itemKind, type ItemKind } from './mapping/kinds';
export { entityName, sanitizeTag } from './mapping/names';
