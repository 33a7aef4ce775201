import { redact } from '@platform-kit/connector-sdk';
import { ensurePostgres } from '../postgres/ensurePostgres';
import { dataPath } from '../postgres/repoPaths';
import { loadDemoProject } from '../fixtures/demo';

/**
 * `platform-kit-dev pg`: runs the embedded PostgreSQL with the demo project in
 * the foreground, prints how to connect, stops on Ctrl+C.
 */
export async function pgCommand(): Promise<number> {
  const pg = await ensurePostgres({
    dataDir: dataPath('postgres'),
    persistent: true,
  });
  const demoUrl = await loadDemoProject(pg.adminUrl);
  console.log(`PostgreSQL ${pg.majorVersion} is running.`);
  console.log(`  admin: ${redact(pg.adminUrl)}`);
  console.log(`  demo:  ${redact(demoUrl)}`);
  await new Promise<void>(resolve => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await pg.stop();
  return 0;
}
