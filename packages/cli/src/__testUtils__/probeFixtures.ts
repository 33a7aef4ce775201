import fs from 'node:fs';
import path from 'node:path';
import { TestDatabase } from '@platform-kit/devtools';

/** A superuser connection of the test database. */
type Client = Awaited<ReturnType<TestDatabase['connect']>>;

/** The real-shaped Supabase projects of the remediation acceptance test. */
export const DEPENDANT_FIXTURES_DIR = path.join(
  __dirname,
  '..',
  '__fixtures__',
  'dependants',
);

/** The sample application source (`supabase.rpc(...)`, `.from(...)`) of those projects. */
export const APP_SOURCE_DIR = path.join(DEPENDANT_FIXTURES_DIR, 'app');

/** A behaviour probe a fixture declares in its header (`-- probe <role>: <sql>`), e.g. as an API role or as supabase_auth_admin (auth hooks). */
export interface DeclaredProbe {
  role: string;
  sql: string;
}

export interface DependantFixture {
  /** File name without `.sql`, e.g. `saas`. */
  name: string;
  file: string;
  sql: string;
  /** The auth.users id the `authenticated` probes run as (`-- probe user: <uuid>`). */
  userId: string;
  declared: DeclaredProbe[];
  /** SECURITY DEFINER functions nothing uses (after a `-- Nothing calls this one.` line). */
  unused: string[];
}

function parseFixture(file: string): DependantFixture {
  const sql = fs.readFileSync(file, 'utf8');
  const user = /^-- probe user: ([0-9a-f-]{36})$/m.exec(sql);
  if (!user) throw new Error(`${file}: no "-- probe user: <uuid>" line`);
  const declared = [
    ...sql.matchAll(/^-- probe (?!user:)([a-z_]+): (.+)$/gm),
  ].map(m => ({ role: m[1], sql: m[2].trim() }));
  const unused = [
    ...sql.matchAll(
      /^-- Nothing calls this one\.\ncreate function public\.(\w+)\(/gm,
    ),
  ].map(m => m[1]);
  return {
    name: path.basename(file, '.sql'),
    file,
    sql,
    userId: user[1],
    declared,
    unused,
  };
}

/** Every fixture of the folder, in name order. */
export function dependantFixtures(
  dir: string = DEPENDANT_FIXTURES_DIR,
): DependantFixture[] {
  return fs
    .readdirSync(dir)
    .filter(name => name.endsWith('.sql'))
    .sort()
    .map(name => parseFixture(path.join(dir, name)));
}

/** Creates the fixture's schema and data (one transaction, as the superuser). */
export async function applyFixture(
  client: Client,
  fixture: DependantFixture,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(fixture.sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`${fixture.name}.sql: ${(error as Error).message}`);
  }
}
