import {
  createBackendModule,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import { ConnectorBase } from '@platform-kit/connector-sdk';
import { z } from 'zod';

/**
 * A kind of connector the control plane can run, e.g. n8n. Registered by a
 * backend module; configured per instance as a `kind: connector` target:
 *
 * ```yaml
 * platformKit:
 *   targets:
 *     - id: n8n-prod
 *       kind: connector
 *       connector: n8n
 *       entityRef: resource:default/n8n-prod
 *       options: { baseUrl: https://n8n.example.com, apiKey: ${N8N_API_KEY} }
 * ```
 *
 * @public
 */
export interface ConnectorType<TOptions = any> {
  /** What `connector:` names in a target, e.g. `n8n`. */
  kind: string;
  /** Validates a target's `options`; a failure stops start-up with the config path. */
  optionsSchema: z.ZodType<TOptions>;
  /** Option values that are secrets: never logged, never in errors or API responses. */
  secrets(options: TOptions): string[];
  /** A connector for one configured target. */
  create(id: string, options: TOptions): ConnectorBase;
}

/**
 * Registers connector types with the Platform Kit control plane.
 *
 * @public
 */
export interface PlatformKitConnectorsExtensionPoint {
  addConnectorType(...types: ConnectorType[]): void;
}

/** @public */
export const platformKitConnectorsExtensionPoint =
  createExtensionPoint<PlatformKitConnectorsExtensionPoint>({
    id: 'platform-kit.connectors',
  });

/**
 * A backend module that adds one connector type to the control plane, e.g.
 * `createConnectorModule({ moduleId: 'n8n', connectorType: n8nConnectorType })`.
 *
 * @public
 */
export function createConnectorModule(options: {
  moduleId: string;
  connectorType: ConnectorType;
}) {
  return createBackendModule({
    pluginId: 'platform-kit',
    moduleId: options.moduleId,
    register(reg) {
      reg.registerInit({
        deps: { connectors: platformKitConnectorsExtensionPoint },
        async init({ connectors }) {
          connectors.addConnectorType(options.connectorType);
        },
      });
    },
  });
}
