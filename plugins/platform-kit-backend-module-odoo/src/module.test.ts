import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  ConnectorType,
  platformKitConnectorsExtensionPoint,
} from '@platform-kit/plugin-platform-kit-node';
import platformKitModuleOdoo from './index';
import { OdooConnector } from './OdooConnector';

describe('platformKitModuleOdoo', () => {
  it('registers the odoo connector type through the extension point', async () => {
    const registered: ConnectorType[] = [];
    // a test-only stand-in for the Platform Kit backend plugin that owns the extension point
    const recordingPlugin = createBackendPlugin({
      pluginId: 'platform-kit',
      register(env) {
        env.registerExtensionPoint(platformKitConnectorsExtensionPoint, {
          addConnectorType: (...types) => registered.push(...types),
        });
        env.registerInit({
          deps: { logger: coreServices.logger },
          async init() {},
        });
      },
    });

    await startTestBackend({
      features: [recordingPlugin, platformKitModuleOdoo],
    });

    expect(registered.map(t => t.kind)).toEqual(['odoo']);
    const [odoo] = registered;
    const options = odoo.optionsSchema.parse({
      baseUrl: 'https://erp.example.com/',
      database: 'prod',
      login: 'bot@example.com',
      apiKey: 'key-0123456789',
    });
    expect(options).toEqual({
      baseUrl: 'https://erp.example.com',
      database: 'prod',
      login: 'bot@example.com',
      apiKey: 'key-0123456789',
      protocol: 'auto',
      pageSize: 500,
      timeoutMs: 30_000,
      retries: 3,
    });
    expect(odoo.secrets(options)).toEqual(['key-0123456789']);
    const connector = odoo.create('odoo-prod', options);
    expect(connector).toBeInstanceOf(OdooConnector);
    expect(connector.id).toBe('odoo-prod');
    expect(connector.kind).toBe('odoo');
    expect(
      odoo.optionsSchema.safeParse({
        baseUrl: 'ftp://x',
        database: 'd',
        login: 'l',
        apiKey: 'k',
        protocol: 'soap',
      }).success,
    ).toBe(false);
  });
});
