import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  ConnectorType,
  platformKitConnectorsExtensionPoint,
} from '@platform-kit/plugin-platform-kit-node';
import supersetModule from '.';
import { SupersetConnector } from './connector';

describe('platformKitModuleSuperset', () => {
  it('registers the superset connector type through the extension point', async () => {
    const registered: ConnectorType[] = [];
    const recorder = createBackendPlugin({
      pluginId: 'platform-kit',
      register(env) {
        env.registerExtensionPoint(platformKitConnectorsExtensionPoint, {
          addConnectorType: (...types) => registered.push(...types),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    const backend = await startTestBackend({
      features: [recorder, supersetModule],
    });
    await backend.stop();

    expect(registered.map(t => t.kind)).toEqual(['superset']);
    const [type] = registered;
    const options = type.optionsSchema.parse({
      baseUrl: 'https://superset.example.com/',
      username: 'reader',
      password: 'pw-secret',
    });
    expect(options).toEqual({
      baseUrl: 'https://superset.example.com',
      username: 'reader',
      password: 'pw-secret',
      provider: 'db',
      pageSize: 100,
      timeoutMs: 10_000,
      retries: 3,
    });
    expect(type.secrets(options)).toEqual(['pw-secret']);
    const connector = type.create('superset-prod', options);
    expect(connector).toBeInstanceOf(SupersetConnector);
    expect(connector.id).toBe('superset-prod');
    expect(type.optionsSchema.safeParse({ baseUrl: 'x' }).success).toBe(false);
  });
});
