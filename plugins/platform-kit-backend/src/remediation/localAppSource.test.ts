import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLocalAppSource } from './localAppSource';

describe('readLocalAppSource', () => {
  it("finds the application's callers in a folder on the backend's host", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pk-local-app-'));
    try {
      await fs.mkdir(path.join(dir, 'src'));
      await fs.writeFile(
        path.join(dir, 'src', 'invite.ts'),
        "export const accept = (t: string) =>\n  supabase.rpc('accept_invitation', { t });\n",
      );
      const { callers, warning } = await readLocalAppSource(dir);
      expect(warning).toBeUndefined();
      expect(callers).toMatchObject({
        origin: dir,
        files: 1,
        rpc: { accept_invitation: [{ path: 'src/invite.ts', line: 2 }] },
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('says why a folder could not be searched, and never throws', async () => {
    const missing = path.join(os.tmpdir(), 'pk-local-app-missing');
    expect(await readLocalAppSource(missing)).toEqual({
      warning: `The application source ${missing} was not searched for callers (no such folder: ${missing}): the plan was built without them`,
    });
  });
});
