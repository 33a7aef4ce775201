import { testEnvironment } from './env';

describe('testEnvironment', () => {
  it("points our helpers and Backstage's TestDatabases at the same server, without Docker", () => {
    const env = testEnvironment({
      adminUrl: 'postgresql://postgres:pw@127.0.0.1:5555/postgres',
      majorVersion: 17,
      embedded: true,
      stop: async () => {},
    });
    expect(env).toEqual({
      PLATFORM_KIT_PG_URL: 'postgresql://postgres:pw@127.0.0.1:5555/postgres',
      BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING:
        'postgresql://postgres:pw@127.0.0.1:5555/postgres',
      BACKSTAGE_TEST_DISABLE_DOCKER: '1',
    });
  });
});
