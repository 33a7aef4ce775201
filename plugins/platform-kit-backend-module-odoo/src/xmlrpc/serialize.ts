import { XmlRpcValue } from './types';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Escapes text content; `&`, `<` and `>` are the characters XML needs escaped.
 *
 * @public
 */
export function escapeXmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function serializeNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`XML-RPC cannot carry the number ${value}`);
  }
  if (Number.isInteger(value)) {
    if (value < INT32_MIN || value > INT32_MAX) {
      throw new TypeError(`XML-RPC <int> is 32-bit; ${value} is out of range`);
    }
    return `<int>${value}</int>`;
  }
  return `<double>${value}</double>`;
}

/**
 * Serializes one value as `<value>...</value>`.
 *
 * @public
 */
export function serializeValue(value: XmlRpcValue): string {
  if (value === null) return '<value><nil/></value>';
  switch (typeof value) {
    case 'string':
      return `<value><string>${escapeXmlText(value)}</string></value>`;
    case 'number':
      return `<value>${serializeNumber(value)}</value>`;
    case 'boolean':
      return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
    case 'object':
      if (Array.isArray(value)) {
        return `<value><array><data>${value
          .map(serializeValue)
          .join('')}</data></array></value>`;
      }
      return `<value><struct>${Object.entries(value)
        .map(([name, member]) => {
          if (member === undefined) {
            throw new TypeError(`XML-RPC struct member '${name}' is undefined`);
          }
          return `<member><name>${escapeXmlText(name)}</name>${serializeValue(
            member,
          )}</member>`;
        })
        .join('')}</struct></value>`;
    default:
      throw new TypeError(`XML-RPC cannot carry a ${typeof value}`);
  }
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * Serializes a `<methodCall>` with positional parameters.
 *
 * @public
 */
export function serializeMethodCall(
  methodName: string,
  params: XmlRpcValue[],
): string {
  return `${DECLARATION}<methodCall><methodName>${escapeXmlText(
    methodName,
  )}</methodName><params>${params
    .map(p => `<param>${serializeValue(p)}</param>`)
    .join('')}</params></methodCall>`;
}

/**
 * Serializes a successful `<methodResponse>` (one value, as XML-RPC allows).
 *
 * @public
 */
export function serializeMethodResponse(value: XmlRpcValue): string {
  return `${DECLARATION}<methodResponse><params><param>${serializeValue(
    value,
  )}</param></params></methodResponse>`;
}

/**
 * Serializes a fault `<methodResponse>`.
 *
 * @public
 */
export function serializeFault(
  faultCode: number | string,
  faultString: string,
): string {
  return `${DECLARATION}<methodResponse><fault>${serializeValue({
    faultCode,
    faultString,
  })}</fault></methodResponse>`;
}
