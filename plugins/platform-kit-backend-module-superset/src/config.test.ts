import path from 'node:path';
import { checkConnectorConfigSchema } from '@platform-kit/devtools';
import { supersetConnectorType } from './index';

describe('config schema', () => {
  it('declares every option of the connector type, its secret as secret', async () => {
    const check = await checkConnectorConfigSchema(
      path.resolve(__dirname, '../package.json'),
      supersetConnectorType,
    );
    expect(check.undeclared).toEqual([]);
    expect(check.secretOptions).toEqual(['password']);
    expect(check.secretOptions).toEqual(check.expectedSecretOptions);
  });
});
