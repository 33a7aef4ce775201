/**
 * Parameters and headers arrive as text: the value a schema checks is the
 * text read as the schema's type, the way OpenAPI servers coerce them.
 */

type Coerced = { value: unknown; problem?: undefined } | { problem: string };

/** Query parameters by name; a repeated one becomes a list. */
export function searchParamsToQuery(
  params: URLSearchParams,
): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/**
 * The value `raw` stands for under `schema`: a number or boolean where the
 * schema says so, JSON for a parameter given by `content`. A value that is
 * not text (already decoded, e.g. a rison `q`) is taken as it is.
 */
export function coerceParameter(
  raw: unknown,
  schema: Record<string, unknown>,
  json: boolean,
): Coerced {
  if (Array.isArray(raw) && schema.type !== 'array') {
    return { problem: 'is repeated' };
  }
  if (typeof raw !== 'string') return { value: raw };
  if (json) {
    try {
      return { value: JSON.parse(raw) };
    } catch {
      return { problem: 'is not JSON' };
    }
  }
  if (
    (schema.type === 'number' || schema.type === 'integer') &&
    raw.trim() !== '' &&
    !Number.isNaN(Number(raw))
  ) {
    return { value: Number(raw) };
  }
  if (schema.type === 'boolean' && (raw === 'true' || raw === 'false')) {
    return { value: raw === 'true' };
  }
  return { value: raw };
}
