import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  XmlRpcFormatError,
  XmlRpcMethodCall,
  XmlRpcMethodResponse,
  XmlRpcValue,
} from './types';

/** A node as fast-xml-parser returns it with `preserveOrder`. */
type OrderedNode = Record<string, unknown>;

interface Element {
  name: string;
  children: OrderedNode[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

function fail(message: string): never {
  throw new XmlRpcFormatError(`Invalid XML-RPC: ${message}`);
}

function parseDocument(xml: string): OrderedNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    fail(`not well-formed XML (${valid.err.msg}, line ${valid.err.line})`);
  }
  return parser.parse(xml) as OrderedNode[];
}

function isText(node: OrderedNode): boolean {
  return Object.prototype.hasOwnProperty.call(node, '#text');
}

function textOf(nodes: OrderedNode[], where: string): string {
  let text = '';
  for (const node of nodes) {
    if (!isText(node)) fail(`<${where}> must hold text only`);
    text += String(node['#text']);
  }
  return text;
}

/** The element children; whitespace between elements is allowed, other text is not. */
function elementsOf(nodes: OrderedNode[], where: string): Element[] {
  const elements: Element[] = [];
  for (const node of nodes) {
    if (isText(node)) {
      if (String(node['#text']).trim() !== '') {
        fail(`unexpected text inside <${where}>`);
      }
      continue;
    }
    const name = Object.keys(node).find(k => k !== ':@');
    if (!name) fail(`empty node inside <${where}>`);
    elements.push({ name, children: node[name] as OrderedNode[] });
  }
  return elements;
}

function single(nodes: OrderedNode[], where: string): Element {
  const elements = elementsOf(nodes, where);
  if (elements.length !== 1) {
    fail(`<${where}> must hold exactly one element, found ${elements.length}`);
  }
  return elements[0];
}

function expect(element: Element, name: string): Element {
  if (element.name !== name) {
    fail(`expected <${name}>, found <${element.name}>`);
  }
  return element;
}

function parseInteger(text: string, tag: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) fail(`<${tag}> holds '${trimmed}'`);
  return Number(trimmed);
}

function parseScalar(element: Element): XmlRpcValue {
  const text = textOf(element.children, element.name);
  switch (element.name) {
    case 'string':
    case 'dateTime.iso8601':
    case 'base64':
      return text;
    case 'int':
    case 'i4':
    case 'i8':
      return parseInteger(text, element.name);
    case 'boolean': {
      const trimmed = text.trim();
      if (trimmed !== '0' && trimmed !== '1') {
        fail(`<boolean> must be 0 or 1, found '${trimmed}'`);
      }
      return trimmed === '1';
    }
    case 'double': {
      const trimmed = text.trim();
      const number = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(number)) {
        fail(`<double> holds '${trimmed}'`);
      }
      return number;
    }
    case 'nil':
      if (text.trim() !== '') fail('<nil/> must be empty');
      return null;
    default:
      return fail(`unknown value type <${element.name}>`);
  }
}

function parseArray(element: Element): XmlRpcValue[] {
  const data = expect(single(element.children, 'array'), 'data');
  return elementsOf(data.children, 'data').map(child =>
    parseValue(expect(child, 'value')),
  );
}

function parseStruct(element: Element): { [member: string]: XmlRpcValue } {
  const struct: { [member: string]: XmlRpcValue } = {};
  for (const member of elementsOf(element.children, 'struct')) {
    expect(member, 'member');
    const parts = elementsOf(member.children, 'member');
    if (parts.length !== 2) {
      fail('<member> must hold <name> and <value>');
    }
    const name = textOf(expect(parts[0], 'name').children, 'name');
    struct[name] = parseValue(expect(parts[1], 'value'));
  }
  return struct;
}

/** Parses a `<value>` element; a value without a type element is a string. */
function parseValue(value: Element): XmlRpcValue {
  if (value.children.every(isText)) return textOf(value.children, 'value');
  const elements = elementsOf(value.children, 'value');
  if (elements.length > 1) fail('<value> must hold one type element');
  const typed = elements[0];
  if (typed.name === 'array') return parseArray(typed);
  if (typed.name === 'struct') return parseStruct(typed);
  return parseScalar(typed);
}

function root(xml: string, name: string): Element {
  return expect(single(parseDocument(xml), 'document'), name);
}

function parseParams(element: Element): XmlRpcValue[] {
  return elementsOf(element.children, 'params').map(param =>
    parseValue(
      expect(single(expect(param, 'param').children, 'param'), 'value'),
    ),
  );
}

/**
 * Parses a `<methodResponse>`: the single returned value, or the fault.
 *
 * @public
 */
export function parseMethodResponse(xml: string): XmlRpcMethodResponse {
  const response = root(xml, 'methodResponse');
  const body = single(response.children, 'methodResponse');
  if (body.name === 'fault') {
    const fault = parseValue(expect(single(body.children, 'fault'), 'value'));
    if (
      typeof fault !== 'object' ||
      fault === null ||
      Array.isArray(fault) ||
      !('faultCode' in fault) ||
      !('faultString' in fault)
    ) {
      return fail('<fault> must be a struct with faultCode and faultString');
    }
    const { faultCode, faultString } = fault;
    if (typeof faultCode !== 'number' && typeof faultCode !== 'string') {
      return fail('faultCode must be an int or a string');
    }
    if (typeof faultString !== 'string') {
      return fail('faultString must be a string');
    }
    return { kind: 'fault', faultCode, faultString };
  }
  const params = parseParams(expect(body, 'params'));
  if (params.length !== 1) {
    fail(`a response must hold exactly one <param>, found ${params.length}`);
  }
  return { kind: 'value', value: params[0] };
}

/**
 * Parses a `<methodCall>` (the server side, used by the stand-in).
 *
 * @public
 */
export function parseMethodCall(xml: string): XmlRpcMethodCall {
  const call = root(xml, 'methodCall');
  const elements = elementsOf(call.children, 'methodCall');
  const nameElement = elements[0];
  if (!nameElement || nameElement.name !== 'methodName') {
    fail('<methodCall> must start with <methodName>');
  }
  const methodName = textOf(nameElement.children, 'methodName').trim();
  if (!/^[A-Za-z0-9_.:/]+$/.test(methodName)) {
    fail(`methodName '${methodName}' has characters XML-RPC does not allow`);
  }
  if (elements.length > 2) fail('<methodCall> holds unexpected elements');
  const params = elements[1] ? parseParams(expect(elements[1], 'params')) : [];
  return { methodName, params };
}
