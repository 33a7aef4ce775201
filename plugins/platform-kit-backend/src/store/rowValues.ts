/** A timestamp column as the API spells it (ISO 8601), or null when the column is null. */
export function isoOrNull(value: unknown): string | null {
  return value ? new Date(value as string).toISOString() : null;
}

/** A NOT NULL timestamp column as the API spells it (ISO 8601). */
export function iso(value: unknown): string {
  return new Date(value as string).toISOString();
}
