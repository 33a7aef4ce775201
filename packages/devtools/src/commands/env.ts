import { PostgresServer } from '../postgres/ensurePostgres';

/** Environment that points tests (ours and Backstage's TestDatabases) at one server. */
export function testEnvironment(pg: PostgresServer): NodeJS.ProcessEnv {
  return {
    PLATFORM_KIT_PG_URL: pg.adminUrl,
    [`BACKSTAGE_TEST_DATABASE_POSTGRES${pg.majorVersion}_CONNECTION_STRING`]:
      pg.adminUrl,
    BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  };
}
