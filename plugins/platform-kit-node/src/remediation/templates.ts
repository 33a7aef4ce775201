import fs from 'node:fs';
import path from 'node:path';

/**
 * The SQL templates in this package's `sql-templates/` folder (listed in its
 * `files`, so they ship with it): readable SQL with `{{name}}` placeholders. Values are SQL
 * fragments already quoted by the builder (`ident`, `qualified`, `literal`).
 */
const TEMPLATE_DIR = path.join(
  path.dirname(
    require.resolve('@platform-kit/plugin-platform-kit-node/package.json'),
  ),
  'sql-templates',
);
const cache = new Map<string, string>();

export function renderTemplate(
  name: string,
  values: Record<string, string>,
): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  const used = new Set<string>();
  const rendered = text
    // Comment lines document the template; the SQL that runs is the rest.
    .split('\n')
    .filter(line => !line.trimStart().startsWith('--'))
    .join('\n')
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      if (!(key in values))
        throw new Error(`template ${name}: no value for {{${key}}}`);
      used.add(key);
      return values[key];
    })
    .trim();
  const unused = Object.keys(values).filter(k => !used.has(k));
  if (unused.length)
    throw new Error(`template ${name}: unused values ${unused.join(', ')}`);
  return rendered;
}
