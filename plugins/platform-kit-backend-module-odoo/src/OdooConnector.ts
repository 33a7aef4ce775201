import {
  CapabilityDeclaration,
  ConnectorBase,
  ConnectorInventory,
  connectorInventorySchema,
  ContractTest,
  HealthResult,
  HttpClient,
} from '@platform-kit/connector-sdk';
import {
  createHttpClient,
  OdooHttpDeps,
  openSession,
} from './client/openSession';
import { xmlRpcSecrets } from './client/XmlRpcApi';
import { odooContractTests } from './contractTests';
import { checkHealth } from './health';
import { collectRecords } from './inventory/collectRecords';
import { modelItem, moduleItem } from './inventory/mapItems';
import {
  MODEL_FIELDS,
  modelRecordSchema,
  MODULE_FIELDS,
  moduleRecordSchema,
} from './inventory/records';
import { OdooOptions, OdooOptionsInput, parseOdooOptions } from './options';

/**
 * Options of {@link OdooConnector}: the connector's id and its Odoo options.
 *
 * @public
 */
export type OdooConnectorOptions = OdooOptionsInput & { id: string };

/**
 * Lists an Odoo database's installed modules (`ir.module.module`) and its
 * models (`ir.model`, each `partOf` the modules defining it), through the
 * External RPC API (XML-RPC `execute_kw`) or, from Odoo 19 on, the External
 * JSON-2 API. Read-only.
 *
 * @example
 * ```ts
 * const odoo = new OdooConnector({ id: 'odoo-prod', baseUrl: 'https://erp.example.com',
 *   database: 'prod', login: 'bot@example.com', apiKey: process.env.ODOO_API_KEY! });
 * const { items } = await odoo.inventory();
 * ```
 *
 * @public
 */
export class OdooConnector extends ConnectorBase<
  OdooConnectorOptions & { baseUrl: string }
> {
  readonly kind = 'odoo';
  private readonly settings: OdooOptions;
  private readonly http: HttpClient;
  private readonly secrets: string[];

  /**
   * @param options - validated here; an error names the invalid options, never the key.
   * @param deps - test seams of the HTTP client (`fetch`, `sleep`, `random`).
   */
  constructor(options: OdooConnectorOptions, deps: OdooHttpDeps = {}) {
    const { id, ...rest } = options;
    const settings = parseOdooOptions(rest);
    super({ ...options, id, baseUrl: settings.baseUrl });
    this.settings = settings;
    this.http = createHttpClient(settings, deps);
    this.secrets = xmlRpcSecrets(settings.apiKey);
  }

  private open() {
    return openSession(this.http, this.settings);
  }

  async inventory(): Promise<ConnectorInventory> {
    const { server, api } = await this.open();
    const { pageSize, baseUrl } = this.settings;
    const modules = await collectRecords(
      api,
      'ir.module.module',
      [['state', '=', 'installed']],
      MODULE_FIELDS,
      moduleRecordSchema,
      pageSize,
    );
    const models = await collectRecords(
      api,
      'ir.model',
      [],
      MODEL_FIELDS,
      modelRecordSchema,
      pageSize,
    );
    const moduleNames = new Set(modules.records.map(m => m.name));
    return connectorInventorySchema.parse({
      connector: { id: this.id, kind: this.kind },
      capturedAt: new Date().toISOString(),
      source: { product: 'Odoo', version: server.serverVersion },
      items: [
        ...modules.records.map(m => moduleItem(m, baseUrl, server.major)),
        ...models.records.map(m =>
          modelItem(m, moduleNames, baseUrl, server.major),
        ),
      ],
    });
  }

  health(): Promise<HealthResult> {
    return checkHealth(() => this.open(), this.secrets);
  }

  capabilities(): CapabilityDeclaration[] {
    return [
      {
        id: 'inventory.modules',
        title: 'Installed Odoo modules',
        description:
          'ir.module.module records in state installed, paged by search_read',
      },
      {
        id: 'inventory.models',
        title: 'Odoo models and the modules defining them',
        description: 'ir.model records, each partOf its installed modules',
      },
      {
        id: 'health.version',
        title: 'Server version without authentication',
        description:
          'GET /web/version, or XML-RPC common.version() before Odoo 18',
      },
      {
        id: 'auth.api-key',
        title: 'API key authentication',
        description:
          'XML-RPC authenticate() or a JSON-2 bearer key; a bad key is refused',
      },
      {
        id: 'paging.complete',
        title: 'Complete paging',
        description: 'every record once, as many as search_count reports',
      },
    ];
  }

  contractTests(): ContractTest[] {
    return odooContractTests({
      options: this.settings,
      http: this.http,
      open: () => this.open(),
    });
  }
}
