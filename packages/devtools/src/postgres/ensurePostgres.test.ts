import { findFreePort } from '../util/ports';
import { ensurePostgres } from './ensurePostgres';

describe('ensurePostgres with PLATFORM_KIT_PG_URL', () => {
  const saved = process.env.PLATFORM_KIT_PG_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.PLATFORM_KIT_PG_URL;
    else process.env.PLATFORM_KIT_PG_URL = saved;
  });

  it('fails in one sentence, without the password, when the server cannot be reached', async () => {
    const port = await findFreePort();
    process.env.PLATFORM_KIT_PG_URL = `postgresql://admin:hunter2@127.0.0.1:${port}/postgres`;
    const error = await ensurePostgres({ dataDir: '/unused' }).catch(
      e => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^PLATFORM_KIT_PG_URL \\(postgresql://admin:\\[REDACTED\\]@127\\.0\\.0\\.1:${port}/postgres\\) cannot be reached: `,
      ),
    );
    expect((error as Error).message).not.toContain('hunter2');
  });
});
