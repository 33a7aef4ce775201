/**
 * Platform Kit connector for Apache Superset: dashboards, datasets and
 * charts through the REST API (JWT login, rison paging), health from
 * `/health`. The stand-in Superset server for tests is exported from
 * `@platform-kit/plugin-platform-kit-backend-module-superset/testing`.
 *
 * @packageDocumentation
 */
export { platformKitModuleSuperset as default } from './module';
export { platformKitModuleSuperset, supersetConnectorType } from './module';
export * from './connector';
export { encodeRison } from './rison';
export type { RisonValue } from './rison';
