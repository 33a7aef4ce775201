import { UserFacingError } from '../util/fail';
import { redact } from '@platform-kit/connector-sdk';
import { withClient } from './connection';
import { EmbeddedMajor } from './binaries';
import { startEmbeddedPostgres } from './embeddedPostgres';

export interface PostgresServer {
  adminUrl: string;
  /** Server major version, e.g. 17. */
  majorVersion: number;
  /** True when we started an embedded server (and stop() stops it). */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EnsurePostgresOptions {
  dataDir: string;
  /** Major version of an embedded server (default 17); ignored with PLATFORM_KIT_PG_URL. */
  major?: EmbeddedMajor;
  persistent?: boolean;
  port?: number;
  onLog?: (line: string) => void;
}

async function serverMajorVersion(adminUrl: string): Promise<number> {
  return withClient(adminUrl, async client => {
    const { rows } = await client.query<{ v: string }>(
      `select current_setting('server_version_num') as v`,
    );
    return Math.floor(Number(rows[0].v) / 10000);
  });
}

/**
 * `PLATFORM_KIT_PG_URL` (an admin connection string) selects an existing
 * server; otherwise an embedded server is started in `dataDir`.
 */
export async function ensurePostgres(
  options: EnsurePostgresOptions,
  external: string | undefined = process.env.PLATFORM_KIT_PG_URL,
): Promise<PostgresServer> {
  if (external) {
    let majorVersion: number;
    try {
      majorVersion = await serverMajorVersion(external);
    } catch (error) {
      throw new UserFacingError(
        redact(
          `PLATFORM_KIT_PG_URL (${external}) cannot be reached: ${
            (error as Error).message
          }.`,
        ),
      );
    }
    return {
      adminUrl: external,
      majorVersion,
      embedded: false,
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres(options);
  return {
    adminUrl: server.adminUrl,
    majorVersion: await serverMajorVersion(server.adminUrl),
    embedded: true,
    stop: server.stop,
  };
}
