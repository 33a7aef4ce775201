import fs from 'node:fs';
import path from 'node:path';
import { loadModule, scanSync } from 'libpg-query';
import * as queries from '../introspection/queries';
import { tokenize } from './sqlTokens';

/**
 * Our lexer against PostgreSQL's own scanner (libpg_query, compiled to
 * WebAssembly): for the engine's SQL templates, its introspection queries
 * and a set of hard cases, both
 * must cut the same tokens, comments included (PostgreSQL's scanner leaves
 * out the white space, which ours keeps so that the text can be rebuilt).
 */

const TEMPLATES = path.resolve(__dirname, '../../sql-templates');

const HARD_CASES = [
  `select "a ""b"" c", E'x\\'y', $tag$ ) ' " $tag$, 1.5e3, $1 -- note )\n/* a /* nested */ ( */ from t`,
  `select x->>'k' <> 'it''s', a<-1, b<=2, c>=3, d!=4, e::text, f := 5, g => 6`,
  `select 0x1F, 0o17, 0b101, 1_000, .5, 5., 1e-3, 'é', "Ä b", café`,
  `select B'101', X'1F', U&'d\\0061t', U&"d\\0061t"`,
  `select 1 -- comment ending at CR\rselect 2`,
  `select $$;$$, $a$ $b$ $a$, @-1, |/ 16, ~* 'x', a#b, c ?| d`,
  `create policy p on t using ((select auth.uid()) = user_id) with check (true);`,
];

function ours(sql: string): string[] {
  return tokenize(sql)
    .filter(token => token.kind !== 'space')
    .map(token => token.text);
}

function postgres(sql: string): string[] {
  return scanSync(sql).tokens.map(token => token.text);
}

describe('tokenize, compared with PostgreSQL’s scanner', () => {
  beforeAll(() => loadModule());

  it.each(HARD_CASES)('cuts %s as PostgreSQL does', sql => {
    expect(ours(sql)).toEqual(postgres(sql));
  });

  it('cuts every SQL template of the engine as PostgreSQL does', () => {
    const files = fs.readdirSync(TEMPLATES).filter(f => f.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const sql = fs.readFileSync(path.join(TEMPLATES, file), 'utf8');
      expect({ file, tokens: ours(sql) }).toEqual({
        file,
        tokens: postgres(sql),
      });
    }
  });

  it('cuts every introspection query as PostgreSQL does', () => {
    const texts = Object.entries(queries).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    expect(texts.length).toBeGreaterThan(10);
    for (const [name, sql] of texts)
      expect({ name, tokens: ours(sql) }).toEqual({
        name,
        tokens: postgres(sql),
      });
  });
});
