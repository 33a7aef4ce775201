import {
  parseMethodCall,
  parseMethodResponse,
  serializeFault,
  serializeMethodCall,
  serializeMethodResponse,
  serializeValue,
  XmlRpcValue,
} from './index';

function roundTrip(value: XmlRpcValue): XmlRpcValue {
  const parsed = parseMethodResponse(serializeMethodResponse(value));
  if (parsed.kind !== 'value') throw new Error('expected a value');
  return parsed.value;
}

describe('XML-RPC codec', () => {
  describe('serializeValue', () => {
    it('writes every scalar type XML-RPC knows', () => {
      expect(serializeValue('a')).toBe('<value><string>a</string></value>');
      expect(serializeValue(42)).toBe('<value><int>42</int></value>');
      expect(serializeValue(-7)).toBe('<value><int>-7</int></value>');
      expect(serializeValue(1.5)).toBe('<value><double>1.5</double></value>');
      expect(serializeValue(true)).toBe('<value><boolean>1</boolean></value>');
      expect(serializeValue(false)).toBe('<value><boolean>0</boolean></value>');
      expect(serializeValue(null)).toBe('<value><nil/></value>');
    });

    it('escapes &, < and > in strings and member names', () => {
      expect(serializeValue('a & b < c > d')).toBe(
        '<value><string>a &amp; b &lt; c &gt; d</string></value>',
      );
      expect(serializeValue({ 'x&y': 1 })).toBe(
        '<value><struct><member><name>x&amp;y</name><value><int>1</int></value></member></struct></value>',
      );
    });

    it('writes empty arrays and structs', () => {
      expect(serializeValue([])).toBe(
        '<value><array><data></data></array></value>',
      );
      expect(serializeValue({})).toBe('<value><struct></struct></value>');
    });

    it('refuses what XML-RPC cannot carry', () => {
      expect(() => serializeValue(Number.NaN)).toThrow(/NaN/);
      expect(() => serializeValue(Infinity)).toThrow(/Infinity/);
      expect(() => serializeValue(2 ** 31)).toThrow(/32-bit/);
      expect(() =>
        serializeValue({ a: undefined } as unknown as XmlRpcValue),
      ).toThrow(/'a' is undefined/);
      expect(() => serializeValue((() => 1) as unknown as XmlRpcValue)).toThrow(
        /function/,
      );
    });
  });

  describe('round trips', () => {
    it.each<[string, XmlRpcValue]>([
      ['a plain string', 'hello'],
      ['an empty string', ''],
      ['surrounding whitespace', '  spaced out  '],
      ['XML specials', '<tag attr="x">&amp; Tom & Jerry</tag>'],
      ['unicode', 'Zürich — 日本語 😀'],
      ['newlines', 'line 1\nline 2'],
      ['integers', 2147483647],
      ['negative integers', -2147483648],
      ['doubles', 3.25],
      ['true', true],
      ['false', false],
      ['nil', null],
      ['an empty array', []],
      ['an empty struct', {}],
      ['a mixed array', [1, 'two', false, null, 4.5]],
      [
        'nested structs and arrays',
        {
          domain: [['state', '=', 'installed']],
          kwargs: { fields: ['name', 'shortdesc'], limit: 500, offset: 0 },
          deep: { a: { b: { c: [[[]], {}] } } },
        },
      ],
    ])('%s', (_label, value) => {
      expect(roundTrip(value)).toEqual(value);
    });
  });

  describe('parseMethodResponse', () => {
    it('reads a value without a type element as a string', () => {
      const xml =
        '<?xml version="1.0"?><methodResponse><params><param><value>bare text</value></param></params></methodResponse>';
      expect(parseMethodResponse(xml)).toEqual({
        kind: 'value',
        value: 'bare text',
      });
    });

    it('reads i4, i8, dateTime and base64 and ignores whitespace between elements', () => {
      const xml = `<?xml version="1.0"?>
<methodResponse>
  <params>
    <param>
      <value><array><data>
        <value><i4>7</i4></value>
        <value><i8>9007199254</i8></value>
        <value><dateTime.iso8601>20240101T10:00:00</dateTime.iso8601></value>
        <value><base64>aGk=</base64></value>
        <value><string>caf&#233; &#x1F600;</string></value>
      </data></array></value>
    </param>
  </params>
</methodResponse>`;
      expect(parseMethodResponse(xml)).toEqual({
        kind: 'value',
        value: [7, 9007199254, '20240101T10:00:00', 'aGk=', 'café 😀'],
      });
    });

    it('reads a fault with an int code (Odoo /xmlrpc/2)', () => {
      expect(parseMethodResponse(serializeFault(3, 'Access Denied'))).toEqual({
        kind: 'fault',
        faultCode: 3,
        faultString: 'Access Denied',
      });
    });

    it('reads a fault with a string code (Odoo /xmlrpc)', () => {
      expect(
        parseMethodResponse(serializeFault('AccessDenied', 'Access Denied')),
      ).toEqual({
        kind: 'fault',
        faultCode: 'AccessDenied',
        faultString: 'Access Denied',
      });
    });

    it.each([
      ['not XML at all', '<html><body>502 Bad Gateway</html>', /well-formed/],
      ['another root', '<methodCall></methodCall>', /methodResponse/],
      [
        'two params',
        '<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>',
        /exactly one <param>/,
      ],
      [
        'an unknown type',
        '<methodResponse><params><param><value><float>1</float></value></param></params></methodResponse>',
        /unknown value type <float>/,
      ],
      [
        'a bad int',
        '<methodResponse><params><param><value><int>1.5</int></value></param></params></methodResponse>',
        /<int> holds '1.5'/,
      ],
      [
        'a bad boolean',
        '<methodResponse><params><param><value><boolean>true</boolean></value></param></params></methodResponse>',
        /0 or 1/,
      ],
      [
        'a bad double',
        '<methodResponse><params><param><value><double>abc</double></value></param></params></methodResponse>',
        /<double> holds 'abc'/,
      ],
      [
        'a fault without faultString',
        '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>',
        /faultCode and faultString/,
      ],
      [
        'a fault with a non-string faultString',
        '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><int>2</int></value></member></struct></value></fault></methodResponse>',
        /faultString must be a string/,
      ],
      [
        'a fault with a boolean faultCode',
        '<methodResponse><fault><value><struct><member><name>faultCode</name><value><boolean>1</boolean></value></member><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>',
        /faultCode must be an int or a string/,
      ],
      [
        'text between elements',
        '<methodResponse>oops<params><param><value>a</value></param></params></methodResponse>',
        /unexpected text/,
      ],
      [
        'a member without a value',
        '<methodResponse><params><param><value><struct><member><name>a</name></member></struct></value></param></params></methodResponse>',
        /<name> and <value>/,
      ],
      [
        'an array without data',
        '<methodResponse><params><param><value><array></array></value></param></params></methodResponse>',
        /exactly one element/,
      ],
      [
        'nil with content',
        '<methodResponse><params><param><value><nil>x</nil></value></param></params></methodResponse>',
        /empty/,
      ],
      [
        'two type elements in a value',
        '<methodResponse><params><param><value><int>1</int><int>2</int></value></param></params></methodResponse>',
        /one type element/,
      ],
      [
        'elements inside a string',
        '<methodResponse><params><param><value><string><b>x</b></string></value></param></params></methodResponse>',
        /text only/,
      ],
    ])('refuses %s', (_label, xml, message) => {
      expect(() => parseMethodResponse(xml)).toThrow(message);
    });
  });

  describe('methodCall', () => {
    it('serializes and parses a call with Odoo execute_kw arguments', () => {
      const params: XmlRpcValue[] = [
        'db',
        2,
        'key',
        'ir.module.module',
        'search_read',
        [[['state', '=', 'installed']]],
        { fields: ['name'], limit: 500, offset: 0, order: 'id' },
      ];
      const xml = serializeMethodCall('execute_kw', params);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(
        true,
      );
      expect(parseMethodCall(xml)).toEqual({
        methodName: 'execute_kw',
        params,
      });
    });

    it('parses a call without params', () => {
      expect(
        parseMethodCall(
          '<methodCall><methodName>version</methodName></methodCall>',
        ),
      ).toEqual({ methodName: 'version', params: [] });
    });

    it.each([
      [
        'no methodName',
        '<methodCall><params></params></methodCall>',
        /start with <methodName>/,
      ],
      [
        'a bad methodName',
        '<methodCall><methodName>a b</methodName></methodCall>',
        /characters XML-RPC does not allow/,
      ],
      [
        'extra elements',
        '<methodCall><methodName>a</methodName><params></params><x/></methodCall>',
        /unexpected elements/,
      ],
      [
        'a param without a value',
        '<methodCall><methodName>a</methodName><params><param></param></params></methodCall>',
        /exactly one element/,
      ],
    ])('refuses %s', (_label, xml, message) => {
      expect(() => parseMethodCall(xml)).toThrow(message);
    });
  });
});
