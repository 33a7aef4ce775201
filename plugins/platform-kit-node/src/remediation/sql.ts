/** A PostgreSQL identifier, always double-quoted (quotes doubled), so any name is safe. */
export function ident(name: string): string {
  if (name.includes('\u0000'))
    throw new Error('identifiers cannot contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."name"`. */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** A string literal, with standard_conforming_strings (the default since PostgreSQL 9.1). */
export function literal(value: string): string {
  if (value.includes('\u0000'))
    throw new Error('literals cannot contain NUL characters');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A dollar-quote tag (`$mark$`, `$mark_$`, ...) that none of `texts` contains. */
export function dollarTag(texts: string[]): string {
  // No tag holds a newline, so none is found across two texts.
  const joined = texts.join('\n');
  let tag = '$mark$';
  while (joined.includes(tag)) tag = `${tag.slice(0, -1)}_$`;
  return tag;
}
