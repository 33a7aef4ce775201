import { parseSql } from '@platform-kit/devtools';
import { unwrappedPerRowCalls } from '../../lint/policyExpressions';
import {
  alterPolicySql,
  useAppMetadata,
  wrapPerRowCalls,
} from './policyRewrite';

const policy = {
  schema: 'Weird "Schema"',
  table: 'select',
  name: 'Per "row" policy',
  command: 'ALL' as const,
  permissive: true,
  roles: ['public'],
  using: null,
  withCheck: null,
};

describe('wrapPerRowCalls', () => {
  const cases: [string, string][] = [
    ['(auth.uid() = user_id)', '((select auth.uid()) = user_id)'],
    [
      // already wrapped, as pg_get_expr prints a sub-select: left alone
      "((( SELECT auth.uid() AS uid) = owner) OR (auth.role() = 'admin'::text))",
      "((( SELECT auth.uid() AS uid) = owner) OR ((select auth.role()) = 'admin'::text))",
    ],
    [
      // nested parentheses and a nested call inside current_setting's arguments
      "(tenant = COALESCE(NULLIF(current_setting(('app.' || auth.role()), true), ''::text), 'none'::text))",
      "(tenant = COALESCE(NULLIF((select current_setting(('app.' || (select auth.role())), true)), ''::text), 'none'::text))",
    ],
    [
      // string literals and quoted identifiers with parentheses and lookalikes
      '((note <> \')( select\'::text) AND ("auth.uid()" = auth.uid()))',
      '((note <> \')( select\'::text) AND ("auth.uid()" = (select auth.uid())))',
    ],
    [
      "((auth.jwt() ->> 'role'::text) = 'editor'::text)",
      "(((select auth.jwt()) ->> 'role'::text) = 'editor'::text)",
    ],
    [
      // a call inside a sub-query that is not the select target is wrapped too
      '(EXISTS ( SELECT 1 FROM public.members m WHERE ((m.team = t.team) AND (m.uid = auth.uid()))))',
      '(EXISTS ( SELECT 1 FROM public.members m WHERE ((m.team = t.team) AND (m.uid = (select auth.uid())))))',
    ],
    [
      "(((current_setting('request.jwt.claims'::text, true))::jsonb ->> 'sub'::text) = (id)::text)",
      "((((select current_setting('request.jwt.claims'::text, true)))::jsonb ->> 'sub'::text) = (id)::text)",
    ],
    [
      "(pg_catalog.current_setting('x'::text) = a)",
      "((select pg_catalog.current_setting('x'::text)) = a)",
    ],
    [
      "(myschema.current_setting('x'::text) = a)",
      "(myschema.current_setting('x'::text) = a)",
    ],
    ['(owner = $$auth.uid()$$::uuid)', '(owner = $$auth.uid()$$::uuid)'],
    [
      // the application's own helpers without arguments are left alone
      '(public.is_member() AND is_admin() AND (uid() = owner) AND (auth.uid() = owner))',
      '(public.is_member() AND is_admin() AND (uid() = owner) AND ((select auth.uid()) = owner))',
    ],
    [
      // empty strings are values: an empty setting name, an empty role
      "((current_setting(''::text, true) = ''::text) OR (auth.role() = ''::text))",
      "(((select current_setting(''::text, true)) = ''::text) OR ((select auth.role()) = ''::text))",
    ],
  ];

  it.each(cases)('%s', async (input, expected) => {
    const { expression } = wrapPerRowCalls(input);
    expect(expression).toBe(expected);
    expect(await parseSql(`SELECT ${expression}`)).toBe(1);
  });

  it('leaves nothing the lint flags when every call is a plain call', () => {
    for (const [input] of cases.slice(0, 7)) {
      if (input.includes('"auth.uid()"')) continue;
      expect(unwrappedPerRowCalls(wrapPerRowCalls(input).expression)).toEqual(
        [],
      );
    }
    // The lint reads text: a quoted identifier that looks like a call stays
    // flagged (the builder then hands the policy to a person).
    expect(
      unwrappedPerRowCalls(wrapPerRowCalls(cases[3][0]).expression),
    ).toEqual(['auth.uid()']);
  });

  it('reports what it wrapped', () => {
    expect(
      wrapPerRowCalls("(auth.uid() = a) AND current_setting('x') = b").wrapped,
    ).toEqual(['auth.uid()', "current_setting('x')"]);
  });
});

describe('useAppMetadata', () => {
  it('replaces the user_metadata key of the JWT claims', async () => {
    for (const input of [
      "(((auth.jwt() -> 'user_metadata'::text) ->> 'role'::text) = 'admin'::text)",
      "((((select auth.jwt()) -> 'user_metadata'::text) ->> 'role'::text) = 'admin'::text)",
      "(((( SELECT auth.jwt() AS jwt) -> 'user_metadata'::text) ->> 'role'::text) = 'admin'::text)",
      "((((current_setting('request.jwt.claims'::text, true))::jsonb -> 'user_metadata'::text) ->> 'role'::text) = 'admin'::text)",
      // an empty key and an empty value are values
      "((((auth.jwt() -> 'user_metadata'::text) ->> ''::text) = ''::text) AND public.is_member())",
    ]) {
      const result = useAppMetadata(input);
      expect(result).toEqual({
        expression: input.replace("'user_metadata'", "'app_metadata'"),
        replaced: 1,
      });
      expect(
        await parseSql(
          `SELECT ${(result as { expression: string }).expression}`,
        ),
      ).toBe(1);
    }
  });

  it.each([
    [
      "((auth.jwt() #>> '{user_metadata,role}'::text[]) = 'admin'::text)",
      /other than as a plain/,
    ],
    [
      "((profile -> 'user_metadata'::text) ->> 'role'::text) = (auth.jwt() ->> 'role'::text)",
      /not read from the JWT claims/,
    ],
    [
      "(((auth.jwt() -> 'app'::text) -> 'user_metadata'::text) ->> 'x'::text) = 'y'::text",
      /not read from the JWT claims/,
    ],
    [
      "(COALESCE(auth.jwt(), data) -> 'user_metadata'::text) IS NOT NULL",
      /not read from the JWT claims/,
    ],
    ["(auth.jwt() ? 'user_metadata'::text)", /not used as a key/],
    ['(user_metadata = auth.jwt())', /other than as a plain/],
  ])('leaves %s to a person', (input, problem) => {
    const result = useAppMetadata(input);
    expect('problem' in result && result.problem).toMatch(problem);
  });
});

describe('alterPolicySql', () => {
  it('quotes the names and sets only the clauses given', async () => {
    const sql = alterPolicySql(policy, null, '(a = 1)');
    expect(sql).toBe(
      'ALTER POLICY "Per ""row"" policy" ON "Weird ""Schema"""."select"\n  WITH CHECK ((a = 1))',
    );
    expect(await parseSql(sql)).toBe(1);
    expect(() => alterPolicySql(policy, null, null)).toThrow();
    expect(() => alterPolicySql(policy, ' ', null)).toThrow(
      'an empty USING expression for policy "Per "row" policy"',
    );
    expect(() => alterPolicySql(policy, '(a = 1)', '')).toThrow(
      'an empty WITH CHECK expression',
    );
  });
});
