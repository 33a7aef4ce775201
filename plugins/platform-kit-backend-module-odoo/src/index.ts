/**
 * Platform Kit connector for Odoo: installed modules and models through the
 * External RPC API (XML-RPC `execute_kw`) or, from Odoo 19 on, the External
 * JSON-2 API.
 *
 * @packageDocumentation
 */
export { platformKitModuleOdoo as default } from './module';
export { platformKitModuleOdoo, odooConnectorType } from './module';
export { OdooConnector } from './OdooConnector';
export type { OdooConnectorOptions } from './OdooConnector';
export type { OdooHttpDeps } from './client/openSession';
export { odooOptionsSchema, parseOdooOptions } from './options';
export type { OdooOptions, OdooOptionsInput } from './options';
export {
  OdooAuthError,
  OdooFaultError,
  OdooProtocolError,
} from './client/errors';
export { OdooPagingError } from './inventory/collectRecords';
export * from './xmlrpc';
/** For tests only: a local stand-in Odoo server. */
export { startOdooStandIn } from './testing/odooServer';
export type {
  OdooStandIn,
  OdooStandInOptions,
  RecordedRequest,
  ScriptedFailure,
} from './testing/odooServer';
export type { OdooStandInDefects } from './testing/standInState';
export { generateModules, generateModels } from './testing/odooData';
export type { OdooModuleRecord, OdooModelRecord } from './testing/odooData';
