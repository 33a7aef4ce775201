export { SupersetConnector } from './SupersetConnector';
export {
  supersetConnectorOptionsSchema,
  SUPERSET_MAX_PAGE_SIZE,
} from './options';
export type {
  SupersetConnectorOptions,
  SupersetConnectorOptionsInput,
} from './options';
export { SupersetLoginError } from './session';
export type { SupersetHttpOverrides } from './session';
