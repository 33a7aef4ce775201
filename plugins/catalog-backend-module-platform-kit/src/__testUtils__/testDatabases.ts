import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * Backstage's TestDatabases on the PostgreSQL that `./kit test` starts (it
 * exports BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING). Call at
 * the top level of a test file: it registers the file's clean-up hooks.
 */
export function kitTestDatabases() {
  const major = Object.keys(process.env)
    .map(
      k =>
        /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
          k,
        )?.[1],
    )
    .find(Boolean);
  const dbId = `POSTGRES_${major ?? 17}` as 'POSTGRES_17';
  const databases = TestDatabases.create({ ids: [dbId] });
  return { init: () => databases.init(dbId) };
}
