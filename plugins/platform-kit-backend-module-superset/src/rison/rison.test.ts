import { decodeRison, encodeRison, RisonSyntaxError } from '.';

describe('encodeRison', () => {
  it('writes the paging object Superset expects', () => {
    expect(
      encodeRison({
        page: 0,
        page_size: 100,
        order_column: 'id',
        order_direction: 'asc',
      }),
    ).toBe('(page:0,page_size:100,order_column:id,order_direction:asc)');
  });

  it('writes literals, numbers and arrays', () => {
    expect(encodeRison(true)).toBe('!t');
    expect(encodeRison(false)).toBe('!f');
    expect(encodeRison(null)).toBe('!n');
    expect(encodeRison(-1.5)).toBe('-1.5');
    expect(encodeRison(1e21)).toBe('1e21');
    expect(encodeRison(['a', 1, []])).toBe('!(a,1,!())');
    expect(encodeRison({})).toBe('()');
  });

  it('quotes strings that are not bare identifiers and escapes ! and quote', () => {
    expect(encodeRison('')).toBe("''");
    expect(encodeRison('two words')).toBe("'two words'");
    expect(encodeRison('1abc')).toBe("'1abc'");
    expect(encodeRison('-x')).toBe("'-x'");
    expect(encodeRison("it's!")).toBe("'it!'s!!'");
    expect(encodeRison('a:b')).toBe("'a:b'");
    expect(encodeRison('x.y-z_1')).toBe('x.y-z_1');
    expect(encodeRison({ 'a key': 'v' })).toBe("('a key':v)");
  });

  it('leaves out undefined object values and refuses what rison cannot say', () => {
    expect(encodeRison({ a: 1, b: undefined })).toBe('(a:1)');
    expect(() => encodeRison(Number.NaN)).toThrow('cannot encode the number');
    expect(() => encodeRison(Infinity)).toThrow('cannot encode the number');
    expect(() => encodeRison((() => 1) as any)).toThrow(
      'cannot encode a function',
    );
  });
});

describe('decodeRison', () => {
  it('reads what encodeRison writes', () => {
    const values = [
      { page: 3, page_size: 100, order_column: 'id', order_direction: 'desc' },
      { filters: [{ col: 'slug', opr: 'eq', value: "it's a (test)!" }] },
      ['', -0.25, 2e-3, true, false, null, {}],
      'plain',
    ];
    for (const value of values) {
      expect(decodeRison(encodeRison(value))).toEqual(value);
    }
  });

  it('refuses text that is not exactly one rison value', () => {
    for (const text of [
      '',
      '(page:0',
      '(page 0)',
      '(page:0,page:1)',
      "'open",
      "'bad!x'",
      '!x',
      '!(1,2',
      '(a:1)x',
      '-',
      '(:1)',
    ]) {
      expect(() => decodeRison(text)).toThrow(RisonSyntaxError);
    }
    expect(() => decodeRison('(page:0')).toThrow(
      "expected ',' or ')' at position 7",
    );
  });
});
