import { ConnectorBase, redact } from '@platform-kit/connector-sdk';
import {
  ConnectorType,
  PlatformKitConnectorsExtensionPoint,
} from '@platform-kit/plugin-platform-kit-node';
import { ConnectorTargetConfig } from '../service/targetsConfig';
import { withDummyCredentials } from './dummyCredentials';

/** An address nothing listens on: where the harness checks that health() survives a dead source. */
export const DEAD_ENDPOINT = 'http://127.0.0.1:9';

export interface ConnectorRegistryOptions {
  /** Where dead connectors point (default {@link DEAD_ENDPOINT}); tests listen there. */
  deadEndpoint?: string;
}

/** A configured connector target, its options validated by its type. */
export interface ResolvedConnector {
  config: ConnectorTargetConfig;
  type: ConnectorType;
  options: Record<string, unknown>;
  secrets: string[];
}

/** The connector types modules registered, and the configured connectors built from them. */
export class ConnectorRegistry implements PlatformKitConnectorsExtensionPoint {
  private readonly types = new Map<string, ConnectorType>();
  private readonly deadEndpoint: string;

  constructor(options: ConnectorRegistryOptions = {}) {
    this.deadEndpoint = options.deadEndpoint ?? DEAD_ENDPOINT;
  }

  addConnectorType(...types: ConnectorType[]): void {
    for (const type of types) {
      if (this.types.has(type.kind))
        throw new Error(
          `Connector type "${type.kind}" is registered twice; install one module per connector type`,
        );
      this.types.set(type.kind, type);
    }
  }

  kinds(): string[] {
    return [...this.types.keys()].sort();
  }

  /** Validates a target's options against its type; the error names the config path, never a value. */
  resolve(config: ConnectorTargetConfig, path: string): ResolvedConnector {
    const type = this.types.get(config.connector);
    if (!type)
      throw new Error(
        `${path}.connector: no connector type "${
          config.connector
        }" is installed (installed: ${
          this.kinds().join(', ') || 'none'
        }); add its backend module, e.g. @platform-kit/plugin-platform-kit-backend-module-${
          config.connector
        }`,
      );
    const parsed = type.optionsSchema.safeParse(config.options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${path}.options${
          issue.path.length ? `.${issue.path.join('.')}` : ''
        }: ${issue.message}`,
      );
    }
    const options = parsed.data as Record<string, unknown>;
    return {
      config,
      type,
      options,
      secrets: type.secrets(options).filter(Boolean),
    };
  }

  create(connector: ResolvedConnector): ConnectorBase {
    return connector.type.create(connector.config.id, connector.options);
  }

  /**
   * The same kind of connector pointed at an address nothing answers on,
   * with dummy credentials instead of the configured secrets; undefined when
   * the type's options refuse the dummies (the harness then skips the check).
   */
  createDead(connector: ResolvedConnector): ConnectorBase | undefined {
    const options = withDummyCredentials(
      { ...connector.options, baseUrl: this.deadEndpoint },
      connector.secrets,
    );
    const parsed = connector.type.optionsSchema.safeParse(options);
    if (!parsed.success) return undefined;
    const json = JSON.stringify(parsed.data);
    if (this.redact(connector, json) !== json) return undefined;
    return connector.type.create(connector.config.id, parsed.data);
  }

  /** A message without the connector's secrets. */
  redact(connector: ResolvedConnector, message: string): string {
    return redact(message, connector.secrets);
  }
}
