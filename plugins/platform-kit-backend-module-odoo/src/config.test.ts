import path from 'node:path';
import { checkConnectorConfigSchema } from '@platform-kit/devtools';
import { odooConnectorType } from './index';

describe('config schema', () => {
  it('declares every option of the connector type, its secret as secret', async () => {
    const check = await checkConnectorConfigSchema(
      path.resolve(__dirname, '../package.json'),
      odooConnectorType,
    );
    expect(check.undeclared).toEqual([]);
    expect(check.secretOptions).toEqual(['apiKey']);
    expect(check.secretOptions).toEqual(check.expectedSecretOptions);
  });
});
