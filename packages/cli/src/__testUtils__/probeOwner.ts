import crypto from 'node:crypto';
import { TestDatabase } from '@platform-kit/devtools';

/** A superuser connection of the test database. */
type Client = Awaited<ReturnType<TestDatabase['connect']>>;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The role that owns a project's database, as `postgres` on Supabase: no superuser. */
export interface ProjectOwner {
  role: string;
  /** The test database's URL with this role's user and password. */
  url: string;
  /** Gives everything back to the superuser and drops the role (before the database is dropped). */
  drop(): Promise<void>;
}

/**
 * Creates the owner role of the test database: it owns the database, the
 * `public` and `extensions` schemas and acts for Supabase Auth and Storage
 * (member of their admin roles), and what it creates in `public` is granted
 * to the API roles, as Supabase's default privileges do. Load the fixture
 * after `SET ROLE` to it, so that it owns the project's objects.
 */
export async function createProjectOwner(
  admin: Client,
  db: TestDatabase,
): Promise<ProjectOwner> {
  const role = `${db.name}_owner`;
  const password = crypto.randomBytes(18).toString('base64url');
  const r = ident(role);
  await admin.query(
    `CREATE ROLE ${r} LOGIN NOSUPERUSER PASSWORD '${password}'`,
  );
  await admin.query(`
    GRANT supabase_auth_admin, supabase_storage_admin, anon, authenticated, service_role TO ${r};
    ALTER DATABASE ${ident(db.name)} OWNER TO ${r};
    ALTER SCHEMA public OWNER TO ${r};
    ALTER SCHEMA extensions OWNER TO ${r};
    ALTER DEFAULT PRIVILEGES FOR ROLE ${r} IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
    ALTER DEFAULT PRIVILEGES FOR ROLE ${r} IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
    ALTER DEFAULT PRIVILEGES FOR ROLE ${r} IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
  `);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  return {
    role,
    url: url.toString(),
    async drop() {
      await admin.query(`
        ALTER DATABASE ${ident(db.name)} OWNER TO CURRENT_USER;
        REASSIGN OWNED BY ${r} TO CURRENT_USER;
        DROP OWNED BY ${r};
        DROP ROLE ${r};
      `);
    },
  };
}
