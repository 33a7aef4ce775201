import { findAppCallers } from './findAppCallers';

const find = (path: string, content: string) =>
  findAppCallers([{ path, content }], 'test');

describe('findAppCallers', () => {
  it('finds RPC calls with any client name, quote and layout', () => {
    const content = [
      "const { data } = await supabase.rpc('accept_invitation', { token });",
      'await db.rpc("create_new_org", { name })',
      'await client',
      '  .rpc(',
      '    `rpc_list_members`,',
      '    { org },',
      '  );',
      "supabase.schema('private').rpc('is_member_of', { org_id })",
      "supabase.rpc('accept_invitation')",
    ].join('\n');
    const callers = find('src/lib/api.ts', content);
    expect(callers.rpc).toEqual({
      accept_invitation: [
        { path: 'src/lib/api.ts', line: 1 },
        { path: 'src/lib/api.ts', line: 9 },
      ],
      create_new_org: [{ path: 'src/lib/api.ts', line: 2 }],
      is_member_of: [{ path: 'src/lib/api.ts', line: 8, schema: 'private' }],
      rpc_list_members: [{ path: 'src/lib/api.ts', line: 4 }],
    });
    expect(callers.tables).toEqual({});
    expect(callers).toMatchObject({ origin: 'test', files: 1 });
  });

  it('finds /rest/v1/rpc/name and /rest/v1/table in URLs', () => {
    const callers = find(
      'app/fetcher.js',
      [
        'fetch(`${SUPABASE_URL}/rest/v1/rpc/get_stats`, { method: "POST" })',
        "const url = base + '/rest/v1/profiles?select=*';",
        'fetch(`${base}/rest/v1/rpc/${name}`)',
        'fetch(`${base}/rest/v1/rpc/fn_${name}`)',
      ].join('\n'),
    );
    expect(callers.rpc).toEqual({
      get_stats: [{ path: 'app/fetcher.js', line: 1 }],
    });
    expect(callers.tables).toEqual({
      profiles: [{ path: 'app/fetcher.js', line: 2 }],
    });
  });

  it('finds table calls and leaves Array.from, Buffer.from and dynamic names out', () => {
    const content = [
      "const rows = await supabase.from('posts').select('*');",
      "Array.from('abc');",
      "Buffer.from('aGVsbG8=', 'base64');",
      "Uint8Array.from('xyz');",
      "Object.from('x');",
      'supabase.from(table)',
      "supabase.from('with space')",
      'supabase.from(`org_${id}`)',
      "supabase.schema('billing').from('invoices').select()",
      "import x from 'y';",
      "export * from './members';",
      '// supabase.from("commented_out")',
      ' * supabase.rpc("in_a_doc_comment")',
      "supabase\n  .from('members')\n  .insert(row)",
    ].join('\n');
    const callers = find('lib/db.ts', content);
    expect(callers.tables).toEqual({
      invoices: [{ path: 'lib/db.ts', line: 9, schema: 'billing' }],
      members: [{ path: 'lib/db.ts', line: 15 }],
      posts: [{ path: 'lib/db.ts', line: 1 }],
    });
    expect(callers.rpc).toEqual({});
  });

  it('reads supabase-py, Dart, Swift, Kotlin and Go clients', () => {
    const callers = findAppCallers(
      [
        {
          path: 'api/main.py',
          content: [
            'res = supabase.table("countries").select("*").execute()',
            'supabase.from_("cities").insert({"name": "x"}).execute()',
            'supabase.rpc("hello_world", {}).execute()',
            '# supabase.table("commented")',
            'supabase.rpc(fn="by_keyword")',
          ].join('\n'),
        },
        {
          path: 'lib/main.dart',
          content:
            "final data = await supabase.from('todos').select();\nawait supabase.rpc('toggle_todo', params: {'id': 1});",
        },
        {
          path: 'App/Store.swift',
          content:
            'try await client.from("notes").select().execute()\ntry await client.rpc("add_note", params: p).execute()',
        },
        {
          path: 'app/src/Repo.kt',
          content:
            'supabase.from("tasks").select()\nsupabase.postgrest.rpc("close_task", params)',
        },
        {
          path: 'cmd/main.go',
          content:
            'client.From("orders").Select("*", "exact", false)\nclient.Rpc("place_order", "", params)',
        },
        // `.table(` is a Data API call in Python only.
        { path: 'web/log.js', content: "console.table('rows');" },
      ],
      'repo',
    );
    expect(Object.keys(callers.tables)).toEqual([
      'cities',
      'countries',
      'notes',
      'orders',
      'tasks',
      'todos',
    ]);
    expect(Object.keys(callers.rpc)).toEqual([
      'add_note',
      'by_keyword',
      'close_task',
      'hello_world',
      'place_order',
      'toggle_todo',
    ]);
    expect(callers.rpc.toggle_todo).toEqual([
      { path: 'lib/main.dart', line: 2 },
    ]);
    expect(callers.files).toBe(6);
  });

  it('orders sites by path and line and counts a call once per line', () => {
    const callers = findAppCallers(
      [
        { path: 'b.ts', content: "\n\nsupabase.rpc('f'); supabase.rpc('f')" },
        { path: 'a.ts', content: "supabase.rpc('f')" },
      ],
      'o',
    );
    expect(callers.rpc.f).toEqual([
      { path: 'a.ts', line: 1 },
      { path: 'b.ts', line: 3 },
    ]);
  });

  it('keeps names such as constructor and __proto__ as plain entries', () => {
    const callers = find(
      'x.ts',
      "supabase.rpc('constructor'); supabase.from('__proto__')",
    );
    expect(callers.rpc.constructor).toEqual([{ path: 'x.ts', line: 1 }]);
    expect(Object.keys(callers.tables)).toEqual(['__proto__']);
    expect(callers.rpc.toString).toBeUndefined();
    expect(JSON.parse(JSON.stringify(callers.rpc))).toEqual({
      constructor: [{ path: 'x.ts', line: 1 }],
    });
  });

  it('never throws on hostile input', () => {
    const huge = `${'.from('.repeat(200_000)}${"x'".repeat(100_000)}`;
    const started = Date.now();
    const callers = findAppCallers(
      [
        { path: 'huge.ts', content: huge },
        { path: 'binary.js', content: '\u0000\uFFFD\u0001.rpc(\u0000' },
        { path: 'empty.ts', content: '' },
        { path: 'no-newline.ts', content: "supabase.rpc('last')" },
        { path: 'crlf.ts', content: "a\r\nb\r\nsupabase.from('t')\r\n" },
        { path: 'noextension', content: "supabase.rpc('g'" },
      ],
      'hostile',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(callers.rpc).toEqual({
      g: [{ path: 'noextension', line: 1 }],
      last: [{ path: 'no-newline.ts', line: 1 }],
    });
    expect(callers.tables).toEqual({ t: [{ path: 'crlf.ts', line: 3 }] });
  });
});
