/**
 * A value that XML-RPC carries: `string`, `int`/`i4`, `boolean`, `double`,
 * `nil` (the extension Odoo accepts because it marshals with `allow_none`),
 * `array` and `struct`. `dateTime.iso8601` and `base64` are read as strings.
 *
 * @public
 */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | XmlRpcValue[]
  | { [member: string]: XmlRpcValue };

/**
 * The XML is not a well-formed or valid XML-RPC document.
 *
 * @public
 */
export class XmlRpcFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRpcFormatError';
  }
}

/**
 * A parsed `<methodCall>`.
 *
 * @public
 */
export interface XmlRpcMethodCall {
  methodName: string;
  params: XmlRpcValue[];
}

/**
 * A parsed `<methodResponse>`: either one value or a fault.
 *
 * @public
 */
export type XmlRpcMethodResponse =
  | { kind: 'value'; value: XmlRpcValue }
  | { kind: 'fault'; faultCode: number | string; faultString: string };
