import {
  concurrentIndexOf,
  parseFunctionSignature,
  parseSqlName,
  tableName,
} from './names';

describe('parseSqlName', () => {
  it('reads quoted and unquoted parts, folding unquoted ones', () => {
    expect(parseSqlName('public.Orders')).toEqual(['public', 'orders']);
    expect(parseSqlName('"My ""Schema"""."T.1"')).toEqual([
      'My "Schema"',
      'T.1',
    ]);
    expect(parseSqlName(' "a" . b ')).toEqual(['a', 'b']);
  });

  it.each([
    'public.t; drop table x',
    'public."t',
    '"".t',
    'public.',
    "public.t' or '1",
    '',
  ])('rejects %j', text => {
    expect(() => parseSqlName(text)).toThrow();
  });
});

describe('tableName', () => {
  it('re-quotes a schema-qualified table', () => {
    expect(tableName('public.orders')).toBe('"public"."orders"');
    expect(tableName('"a""b"."C"')).toBe('"a""b"."C"');
  });

  it('needs exactly a schema and a name', () => {
    expect(() => tableName('orders')).toThrow(/schema-qualified/);
    expect(() => tableName('db.public.orders')).toThrow(/schema-qualified/);
  });
});

describe('concurrentIndexOf', () => {
  it('finds the index and table of CREATE INDEX CONCURRENTLY', () => {
    expect(
      concurrentIndexOf(
        'CREATE INDEX CONCURRENTLY "Orders_user_idx" ON "public"."Orders" USING btree (user_id)',
      ),
    ).toEqual({ index: 'Orders_user_idx', table: '"public"."Orders"' });
    expect(
      concurrentIndexOf(
        'create unique index concurrently if not exists ix on only app.t (a)',
      ),
    ).toEqual({ index: 'ix', table: 'app.t' });
  });

  it('ignores other statements and unnamed indexes', () => {
    expect(concurrentIndexOf('CREATE INDEX ix ON t (a)')).toBeUndefined();
    expect(
      concurrentIndexOf('CREATE INDEX CONCURRENTLY ON t (a)'),
    ).toBeUndefined();
    expect(
      concurrentIndexOf('DROP INDEX CONCURRENTLY public.ix'),
    ).toBeUndefined();
  });
});

describe('parseFunctionSignature', () => {
  it('splits schema, name and identity arguments', () => {
    expect(parseFunctionSignature('"public"."add_one"(i integer)')).toEqual({
      schema: 'public',
      name: 'add_one',
      args: 'i integer',
    });
    expect(
      parseFunctionSignature('"we""ird (sch€ma)"."f("(a  integer,\n b text[])'),
    ).toEqual({
      schema: 'we"ird (sch€ma)',
      name: 'f(',
      args: 'a integer, b text[]',
    });
    expect(parseFunctionSignature('app.noop()')).toEqual({
      schema: 'app',
      name: 'noop',
      args: '',
    });
  });

  it.each(['public.f', 'f()', 'public.f(int', 'public.f();drop'])(
    'rejects %j',
    text => {
      expect(() => parseFunctionSignature(text)).toThrow();
    },
  );
});
