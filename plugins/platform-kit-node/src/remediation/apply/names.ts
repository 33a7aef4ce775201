import { qualified } from '../sql';

/**
 * Splits an SQL name such as `"my schema"."T"` or `public.orders` into its
 * parts: quoted identifiers keep their case (doubled quotes undone), unquoted
 * ones are folded to lower case as PostgreSQL does. Throws on anything else,
 * so a name from a plan can never smuggle SQL into a statement.
 */
export function parseSqlName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '"') {
      let part = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated quote in ${text}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i++];
      }
      if (!part) throw new Error(`empty identifier in ${text}`);
      parts.push(part);
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i));
      if (!match) throw new Error(`not an SQL name: ${text}`);
      parts.push(match[0].toLowerCase());
      i += match[0].length;
    }
    skipSpace();
    if (i >= text.length) return parts;
    if (text[i] !== '.') throw new Error(`not an SQL name: ${text}`);
    i++;
  }
}

/** A schema-qualified table name from a plan, re-quoted safely: `"schema"."table"`. */
export function tableName(text: string): string {
  const parts = parseSqlName(text);
  if (parts.length !== 2)
    throw new Error(`not a schema-qualified table name: ${text}`);
  return qualified(parts[0], parts[1]);
}

const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const CREATE_INDEX_CONCURRENTLY = new RegExp(
  String.raw`^\s*create\s+(?:unique\s+)?index\s+concurrently\s+(?:if\s+not\s+exists\s+)?(${NAME})\s+on\s+(?:only\s+)?(${NAME}(?:\s*\.\s*${NAME})?)`,
  'i',
);

/**
 * The index a `CREATE INDEX CONCURRENTLY` statement creates (its name, and
 * the table it is on as written), or undefined for any other statement and
 * for an index without a name.
 */
export function concurrentIndexOf(
  sql: string,
): { index: string; table: string } | undefined {
  const match = CREATE_INDEX_CONCURRENTLY.exec(sql);
  if (!match) return undefined;
  return { index: parseSqlName(match[1])[0], table: match[2] };
}

/**
 * A function as plans name it, `schema.name(identity arguments)` (e.g.
 * `"public"."add_one"(i integer)`, as `pg_get_function_identity_arguments`
 * writes them), split into its schema, name and arguments (whitespace
 * normalised). Throws when it is not of that shape.
 */
export function parseFunctionSignature(text: string): {
  schema: string;
  name: string;
  args: string;
} {
  let inQuotes = false;
  let open = -1;
  for (let i = 0; i < text.length && open < 0; i++) {
    if (text[i] === '"') inQuotes = !inQuotes;
    else if (text[i] === '(' && !inQuotes) open = i;
  }
  const close = text.trimEnd().length - 1;
  if (open < 0 || text[close] !== ')')
    throw new Error(`not a function signature: ${text}`);
  const parts = parseSqlName(text.slice(0, open));
  if (parts.length !== 2)
    throw new Error(`not a schema-qualified function: ${text}`);
  return {
    schema: parts[0],
    name: parts[1],
    args: text
      .slice(open + 1, close)
      .trim()
      .replace(/\s+/g, ' '),
  };
}
