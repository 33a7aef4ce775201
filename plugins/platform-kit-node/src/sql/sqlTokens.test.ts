import {
  matchingParen,
  splitStatements,
  stringValue,
  tokenize,
} from './sqlTokens';

describe('tokenize', () => {
  const kinds = (sql: string) =>
    tokenize(sql)
      .filter(t => t.kind !== 'space')
      .map(t => `${t.kind}:${t.text}`);

  it('is lossless', () => {
    const sql = `SELECT "a ""b"" c", E'x\\'y', $tag$ ) ' " $tag$, 1.5e3, $1 -- note )\n/* a /* nested */ ( */ FROM t WHERE x->>'k' <> 'it''s'`;
    expect(
      tokenize(sql)
        .map(t => t.text)
        .join(''),
    ).toBe(sql);
  });

  it('keeps quotes, strings, dollar quotes and comments whole', () => {
    expect(
      kinds(
        `"se""lect"('(', E'\\')', $$ ) $$, $q$ $$ $q$) -- )\n/* ( /* ) */ */`,
      ),
    ).toEqual([
      'quoted:"se""lect"',
      'punct:(',
      "string:'('",
      'punct:,',
      "string:E'\\')'",
      'punct:,',
      'dollar:$$ ) $$',
      'punct:,',
      'dollar:$q$ $$ $q$',
      'punct:)',
      'comment:-- )',
      'comment:/* ( /* ) */ */',
    ]);
  });

  it('reads operators, casts, parameters and unicode identifiers', () => {
    expect(kinds(`a->>'k'::text = $2 AND täble.ö$1 <> -1`)).toEqual([
      'word:a',
      'operator:->>',
      "string:'k'",
      'punct:::',
      'word:text',
      'operator:=',
      'param:$2',
      'word:AND',
      'word:täble',
      'punct:.',
      'word:ö$1',
      'operator:<>',
      'operator:-',
      'number:1',
    ]);
    expect(kinds('a<-1')).toEqual([
      'word:a',
      'operator:<',
      'operator:-',
      'number:1',
    ]);
  });

  it('rejects unterminated quotes', () => {
    expect(() => tokenize(`'abc`)).toThrow(/unterminated string/);
    expect(() => tokenize(`"abc`)).toThrow(/unterminated identifier/);
    expect(() => tokenize(`$x$ abc`)).toThrow(/unterminated dollar/);
    expect(() => tokenize(`/* abc`)).toThrow(/unterminated comment/);
  });
});

describe('helpers', () => {
  it('matches parentheses outside strings', () => {
    const tokens = tokenize(`f(a, ')', (b)) + 1`);
    expect(matchingParen(tokens, 1)).toBe(
      tokens.findIndex(t => t.text === '+') - 2,
    );
  });

  it('reads plain string values', () => {
    const [plain, escaped] = tokenize(`'it''s' E'x'`).filter(
      t => t.kind === 'string',
    );
    expect(stringValue(plain)).toBe("it's");
    expect(stringValue(escaped)).toBeNull();
  });

  it('splits statements at semicolons outside quotes', () => {
    expect(
      splitStatements(
        `SELECT ';';\n\nCREATE POLICY "a;b" ON t USING (x = $$;$$);  `,
      ),
    ).toEqual([`SELECT ';'`, `CREATE POLICY "a;b" ON t USING (x = $$;$$)`]);
  });
});
