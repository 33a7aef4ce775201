/**
 * Odoo refused the credentials: `authenticate` gave `false`, `Access Denied`, or HTTP 401.
 *
 * @public
 */
export class OdooAuthError extends Error {
  override readonly name = 'OdooAuthError';
}

/**
 * An XML-RPC fault that is not about credentials; never retried.
 *
 * @public
 */
export class OdooFaultError extends Error {
  override readonly name = 'OdooFaultError';

  constructor(
    readonly call: string,
    readonly faultCode: number | string,
    faultString: string,
  ) {
    super(
      `Odoo answered ${call} with fault ${faultCode}: ${lastLine(faultString)}`,
    );
  }
}

/**
 * Odoo answered something that is not what its documented API returns.
 *
 * @public
 */
export class OdooProtocolError extends Error {
  override readonly name = 'OdooProtocolError';
}

/** The last non-empty line of a traceback (the exception itself), at most 300 characters. */
function lastLine(text: string): string {
  const lines = text.split('\n').filter(line => line.trim() !== '');
  const line = lines.length > 0 ? lines[lines.length - 1].trim() : text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
