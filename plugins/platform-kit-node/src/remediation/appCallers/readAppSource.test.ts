import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findAppCallers } from './findAppCallers';
import {
  MAX_APP_SOURCE_FILE_BYTES,
  MAX_APP_SOURCE_FILES,
  readAppSource,
} from './readAppSource';

jest.setTimeout(60_000);

/** Writes files (path → content) under a folder, creating their folders. */
async function write(root: string, files: Record<string, string | Buffer>) {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  }
}

/** A Next.js app's browser client, server action and route handler. */
const NEXT_APP = {
  'src/utils/supabase/client.ts': `import { createBrowserClient } from '@supabase/ssr';

export function createClient() {
  return createBrowserClient(
    process.env.NEXT_PUBLIC_SUPABASE_URL!,
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!,
  );
}
`,
  'src/app/orgs/actions.ts': `'use server';
import { createClient } from '@/utils/supabase/server';

export async function createOrg(name: string) {
  const supabase = await createClient();
  const { data, error } = await supabase.rpc('create_new_org', { org_name: name });
  if (error) throw error;
  return data;
}

export async function acceptInvitation(token: string) {
  const supabase = await createClient();
  return supabase
    .rpc('accept_invitation', { lookup_invitation_token: token })
    .single();
}
`,
  'src/app/orgs/[id]/page.tsx': `import { createClient } from '@/utils/supabase/server';

export default async function Page({ params }: { params: { id: string } }) {
  const supabase = await createClient();
  const { data: members } = await supabase
    .from('members')
    .select('user_id, role')
    .eq('org_id', params.id);
  const ids = Array.from(new Set(members?.map(m => m.user_id)));
  return <ul>{ids.map(id => <li key={id}>{id}</li>)}</ul>;
}
`,
  'src/app/api/stats/route.js': `export async function GET() {
  const res = await fetch(\`\${process.env.SUPABASE_URL}/rest/v1/rpc/org_stats\`, {
    method: 'POST',
    headers: { apikey: process.env.SUPABASE_ANON_KEY },
  });
  return Response.json(await res.json())
}`,
};

/** A FastAPI service on supabase-py. */
const PYTHON_APP = {
  'service/app.py': `from fastapi import FastAPI
from supabase import create_client

app = FastAPI()
supabase = create_client(URL, KEY)


@app.get("/countries")
def countries():
    return supabase.table("countries").select("*").execute().data


@app.post("/orgs/{org_id}/archive")
def archive(org_id: str):
    supabase.rpc("archive_org", {"org_id": org_id}).execute()
    return supabase.from_("audit_log").insert({"org_id": org_id}).execute()
`,
};

describe('readAppSource', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pk-app-source-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('reads a Next.js app and a Python service, and their callers are found', async () => {
    await write(root, {
      ...NEXT_APP,
      ...PYTHON_APP,
      'README.md': "supabase.rpc('doc_only')",
    });
    const files = await readAppSource(root);
    expect(files.map(f => f.path)).toEqual([
      'service/app.py',
      'src/app/api/stats/route.js',
      'src/app/orgs/[id]/page.tsx',
      'src/app/orgs/actions.ts',
      'src/utils/supabase/client.ts',
    ]);
    expect(files[0].content).toBe(PYTHON_APP['service/app.py']);

    const callers = findAppCallers(files, root);
    expect(callers).toEqual({
      origin: root,
      files: 5,
      rpc: {
        accept_invitation: [{ path: 'src/app/orgs/actions.ts', line: 14 }],
        archive_org: [{ path: 'service/app.py', line: 15 }],
        create_new_org: [{ path: 'src/app/orgs/actions.ts', line: 6 }],
        org_stats: [{ path: 'src/app/api/stats/route.js', line: 2 }],
      },
      tables: {
        audit_log: [{ path: 'service/app.py', line: 16 }],
        countries: [{ path: 'service/app.py', line: 10 }],
        members: [{ path: 'src/app/orgs/[id]/page.tsx', line: 6 }],
      },
    });
  });

  it('skips dependencies, build output, symbolic links, binary and large files', async () => {
    const call = "supabase.rpc('hidden')";
    await write(root, {
      'app/main.ts': "supabase.rpc('seen')",
      'node_modules/@supabase/postgrest-js/dist/index.js': call,
      '.git/hooks/pre-commit.js': call,
      'dist/app.js': call,
      'build/app.js': call,
      '.next/server/page.js': call,
      'coverage/lcov-report/prettify.js': call,
      'vendor/lib.php': call,
      'app/logo.ts': Buffer.from([0x47, 0x00, 0x0a, 0x2e, 0x72, 0x70, 0x63]),
      'app/bundle.js': `${call}\n${'x'.repeat(MAX_APP_SOURCE_FILE_BYTES)}`,
      'app/schema.sql': 'select 1',
    });
    await fs.mkdir(path.join(root, 'outside'));
    await write(root, { 'outside/target.ts': call });
    await fs.symlink(
      path.join(root, 'outside', 'target.ts'),
      path.join(root, 'app', 'link.ts'),
    );
    await fs.symlink(
      path.join(root, 'outside'),
      path.join(root, 'app', 'linked-folder'),
    );
    await fs.symlink(path.join(root, 'app'), path.join(root, 'app', 'loop'));

    const files = await readAppSource(root);
    expect(files.map(f => f.path)).toEqual([
      'app/main.ts',
      'outside/target.ts',
    ]);
    const callers = findAppCallers(files, root);
    expect(Object.keys(callers.rpc)).toEqual(['hidden', 'seen']);
    expect(callers.rpc.hidden).toEqual([
      { path: 'outside/target.ts', line: 1 },
    ]);
  });

  it('reads a file without a trailing newline, a huge line and an empty file', async () => {
    await write(root, {
      'a.ts': "supabase.from('last_line')",
      'b.ts': `${'y'.repeat(900_000)}supabase.rpc('far_right')`,
      'c.ts': '',
    });
    const callers = findAppCallers(await readAppSource(root), root);
    expect(callers.tables).toEqual({ last_line: [{ path: 'a.ts', line: 1 }] });
    expect(callers.rpc).toEqual({ far_right: [{ path: 'b.ts', line: 1 }] });
    expect(callers.files).toBe(3);
  });

  it('says so for a missing folder and for a file given as the folder', async () => {
    await expect(readAppSource(path.join(root, 'nope'))).rejects.toThrow(
      `no such folder: ${path.join(root, 'nope')}`,
    );
    await write(root, { 'file.ts': '' });
    await expect(readAppSource(path.join(root, 'file.ts'))).rejects.toThrow(
      `not a folder: ${path.join(root, 'file.ts')}`,
    );
  });

  it(`refuses more than ${MAX_APP_SOURCE_FILES} source files`, async () => {
    for (let folder = 0; folder * 1000 <= MAX_APP_SOURCE_FILES; folder++) {
      const dir = path.join(root, `m${folder}`);
      await fs.mkdir(dir);
      await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          fs.writeFile(path.join(dir, `f${i}.ts`), ''),
        ),
      );
    }
    await expect(readAppSource(root)).rejects.toThrow(
      `${root} holds more than 20000 source files: give the application's own folder`,
    );
    // Files of other kinds do not count.
    await fs.rm(path.join(root, 'm20'), { recursive: true });
    await write(root, { 'notes.md': '', 'data.json': '{}' });
    expect(await readAppSource(root)).toHaveLength(MAX_APP_SOURCE_FILES);
  });
});
