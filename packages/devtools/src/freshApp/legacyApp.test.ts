import { legacyDependencies } from './legacyApp';

describe('legacyDependencies', () => {
  it("takes the app's ranges, else the locked version, else leaves it to yarn add", () => {
    expect(
      legacyDependencies(
        [
          '@backstage/plugin-catalog',
          '@backstage/core-app-api',
          '@backstage/app-defaults',
        ],
        {
          '@backstage/plugin-catalog': '^2.0.9',
          react: '^18.0.2',
          'react-dom': '^18.0.2',
        },
        '"@backstage/core-app-api@npm:^1.20.5":\n  version: 1.20.5\n',
      ),
    ).toEqual({
      dependencies: {
        '@backstage/core-app-api': '^1.20.5',
        '@backstage/plugin-catalog': '^2.0.9',
        react: '^18.0.2',
        'react-dom': '^18.0.2',
      },
      missing: ['@backstage/app-defaults'],
    });
  });
});
