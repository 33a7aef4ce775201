import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  ConnectorType,
  platformKitConnectorsExtensionPoint,
} from '@platform-kit/plugin-platform-kit-node';
import { N8nConnector } from './connector/N8nConnector';
import platformKitModuleN8n from './index';

describe('platformKitModuleN8n', () => {
  it('registers the n8n connector type through the extension point', async () => {
    const added: ConnectorType[] = [];
    let initialised = false;
    // Stands in for the Platform Kit backend plugin: it owns the extension point.
    const controlPlane = createBackendPlugin({
      pluginId: 'platform-kit',
      register(env) {
        env.registerExtensionPoint(platformKitConnectorsExtensionPoint, {
          addConnectorType: (...types) => added.push(...types),
        });
        env.registerInit({
          deps: { logger: coreServices.logger },
          async init() {
            initialised = true;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [controlPlane, platformKitModuleN8n],
    });
    try {
      expect(initialised).toBe(true);
      expect(added.map(t => t.kind)).toEqual(['n8n']);
      const [type] = added;
      const options = type.optionsSchema.parse({
        baseUrl: 'https://n8n.example.com',
        apiKey: 'n8n_api_module_key',
      });
      expect(options).toEqual({
        baseUrl: 'https://n8n.example.com',
        apiKey: 'n8n_api_module_key',
        pageSize: 100,
      });
      expect(type.secrets(options)).toEqual(['n8n_api_module_key']);
      const connector = type.create('n8n-prod', options);
      expect(connector).toBeInstanceOf(N8nConnector);
      expect(connector.id).toBe('n8n-prod');
      expect(
        type.optionsSchema.safeParse({ baseUrl: 'n8n', apiKey: 'k' }).success,
      ).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});
