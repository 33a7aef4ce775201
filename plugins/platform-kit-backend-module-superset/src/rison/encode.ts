/**
 * A rison encoder for the values this connector sends in Superset's `q`
 * parameter: objects, arrays, strings, finite numbers, booleans and null.
 * Rison is a compact, URL-friendly notation for JSON: `(page:0,page_size:100)`.
 */

/**
 * A value rison can express.
 *
 * @public
 */
export type RisonValue =
  | string
  | number
  | boolean
  | null
  | RisonValue[]
  | { [key: string]: RisonValue | undefined };

/** Characters that may not appear in a bare (unquoted) rison identifier. */
const NOT_ID_CHAR = " '!:(),*@$";
/** Characters that may not start a bare identifier (they start numbers). */
const NOT_ID_START = '-0123456789';

function isBareId(text: string): boolean {
  if (text.length === 0 || NOT_ID_START.includes(text[0])) return false;
  for (const char of text) {
    if (NOT_ID_CHAR.includes(char)) return false;
  }
  return true;
}

function encodeString(text: string): string {
  if (isBareId(text)) return text;
  return `'${text.replace(/[!']/g, char => `!${char}`)}'`;
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`rison cannot encode the number ${value}`);
  }
  // Rison writes exponents without `+`: 1e+21 → 1e21.
  return String(value).replace('e+', 'e');
}

/**
 * Encodes `value` as rison. Object keys keep their order; keys whose value is
 * `undefined` are left out, as JSON.stringify does.
 *
 * @example
 * ```ts
 * encodeRison({ page: 0, page_size: 100, order_column: 'id' });
 * // (page:0,page_size:100,order_column:id)
 * ```
 *
 * @public
 */
export function encodeRison(value: RisonValue): string {
  if (value === null) return '!n';
  if (value === true) return '!t';
  if (value === false) return '!f';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'number') return encodeNumber(value);
  if (Array.isArray(value)) {
    return `!(${value.map(encodeRison).join(',')})`;
  }
  if (typeof value === 'object') {
    const pairs = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(
        ([key, v]) => `${encodeString(key)}:${encodeRison(v as RisonValue)}`,
      );
    return `(${pairs.join(',')})`;
  }
  throw new TypeError(`rison cannot encode a ${typeof value}`);
}
