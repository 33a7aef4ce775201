import zlib from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A draw.io document (or an embedded copy) that cannot be decoded.
 *
 * @public
 */
export class DrawioFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrawioFormatError';
  }
}

/** An XML element reduced to what matters: tag, attributes, child elements, text. */
interface XmlNode {
  tag: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/**
 * Where a cell sits: its `mxGeometry` (x and y default to 0).
 *
 * @public
 */
export interface DrawioBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One cell of a page: its attributes (an `<object>` wrapper's merged in) and its child elements.
 *
 * @public
 */
export interface DrawioCell {
  id: string;
  attributes: Record<string, string>;
  /** Canonical JSON of the child elements (`mxGeometry` and its points). */
  geometry: string;
  /** The cell's `mxGeometry`, when it has one. */
  bounds?: DrawioBounds;
}

/** @public */
export interface DrawioPage {
  id: string;
  name: string;
  /** `mxGraphModel` attributes that change the picture (editor settings are left out). */
  settings: Record<string, string>;
  cells: Map<string, DrawioCell>;
}

/** @public */
export interface DrawioDocument {
  pages: DrawioPage[];
}

/**
 * `mxGraphModel` attributes that are editor state, not picture: the scroll
 * position (`dx`, `dy`) and toggles of the grid, guides and page view.
 */
const EDITOR_SETTINGS = new Set([
  'dx',
  'dy',
  'grid',
  'gridSize',
  'guides',
  'tooltips',
  'connect',
  'arrows',
  'fold',
  'page',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: true,
});

type OrderedNode = Record<string, unknown> & {
  ':@'?: Record<string, string>;
};

function toXmlNodes(ordered: OrderedNode[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const entry of ordered) {
    const tag = Object.keys(entry).find(key => key !== ':@');
    if (!tag || tag === '#text' || tag.startsWith('?') || tag === '#comment')
      continue;
    const content = (entry[tag] as OrderedNode[]) ?? [];
    nodes.push({
      tag,
      attributes: { ...(entry[':@'] ?? {}) },
      children: toXmlNodes(content),
      text: content
        .map(child =>
          typeof child['#text'] === 'string' ? child['#text'] : '',
        )
        .join('')
        .trim(),
    });
  }
  return nodes;
}

function parseXml(xml: string, what: string): XmlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new DrawioFormatError(
      `${what} is not valid XML (line ${valid.err.line}: ${valid.err.msg})`,
    );
  const [root] = toXmlNodes(parser.parse(xml) as OrderedNode[]);
  if (!root) throw new DrawioFormatError(`${what} has no XML element`);
  return root;
}

/**
 * Compresses an `mxGraphModel` as draw.io does for a `<diagram>`'s content:
 * Base64 of raw DEFLATE of the URI-encoded XML (see
 * {@link decodeCompressedDiagram}).
 *
 * @public
 */
export function encodeCompressedDiagram(xml: string): string {
  return zlib
    .deflateRawSync(Buffer.from(encodeURIComponent(xml), 'latin1'))
    .toString('base64');
}

/**
 * A cell's `style` (`rounded=1;whiteSpace=wrap;fillColor=#dae8fc;ellipse`)
 * as keys and values; a key without a value (a shape name) reads `1`.
 *
 * @public
 */
export function parseDrawioStyle(
  style: string | undefined,
): Record<string, string> {
  const entries = (style ?? '')
    .split(';')
    .filter(Boolean)
    .map(part => {
      const at = part.indexOf('=');
      return at < 0 ? [part, '1'] : [part.slice(0, at), part.slice(at + 1)];
    });
  return Object.fromEntries(entries);
}

/**
 * Decodes a compressed `<diagram>`: Base64 of raw DEFLATE of the
 * URI-encoded `mxGraphModel` XML (what draw.io writes unless compression
 * is turned off).
 *
 * @public
 */
export function decodeCompressedDiagram(text: string): string {
  let inflated: string;
  try {
    inflated = zlib
      .inflateRawSync(Buffer.from(text.replace(/\s+/g, ''), 'base64'))
      .toString('latin1');
  } catch {
    throw new DrawioFormatError(
      'a compressed <diagram> is not Base64 of DEFLATE data',
    );
  }
  try {
    return inflated.startsWith('%') ? decodeURIComponent(inflated) : inflated;
  } catch {
    throw new DrawioFormatError(
      'a compressed <diagram> does not hold URI-encoded XML',
    );
  }
}

function canonical(node: XmlNode): unknown {
  return [
    node.tag,
    Object.keys(node.attributes)
      .sort()
      .map(key => [key, node.attributes[key]]),
    node.text,
    node.children.map(canonical),
  ];
}

function boundsOf(geometry: XmlNode): DrawioBounds {
  const number = (name: string, fallback: number) =>
    Number(geometry.attributes[name] ?? fallback);
  return {
    x: number('x', 0),
    y: number('y', 0),
    width: number('width', NaN),
    height: number('height', NaN),
  };
}

function readCells(model: XmlNode | undefined): Map<string, DrawioCell> {
  const cells = new Map<string, DrawioCell>();
  const root = model?.children.find(child => child.tag === 'root');
  root?.children.forEach((element, index) => {
    // `<object>` / `<UserObject>` carry the label and custom properties of the mxCell inside
    const inner =
      element.tag === 'mxCell'
        ? element
        : element.children.find(child => child.tag === 'mxCell');
    const attributes = {
      ...(inner && inner !== element ? inner.attributes : {}),
      ...element.attributes,
    };
    if (element.tag !== 'mxCell') attributes['(element)'] = element.tag;
    const id = attributes.id ?? `#${index + 1}`;
    delete attributes.id;
    const children = (inner ?? element).children;
    const geometry = children.find(child => child.tag === 'mxGeometry');
    cells.set(id, {
      id,
      attributes,
      geometry: JSON.stringify(children.map(canonical)),
      ...(geometry ? { bounds: boundsOf(geometry) } : {}),
    });
  });
  return cells;
}

function readPage(
  model: XmlNode | undefined,
  id: string,
  name: string,
): DrawioPage {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(model?.attributes ?? {}))
    if (!EDITOR_SETTINGS.has(key)) settings[key] = value;
  return { id, name, settings, cells: readCells(model) };
}

/**
 * Parses a draw.io document: an `<mxfile>` with `<diagram>` pages, each an
 * `<mxGraphModel>` child or compressed text, or a bare `<mxGraphModel>`.
 * The `<mxfile>` attributes (host, modified, agent, etag, version, ...) are
 * ignored: they change on every save.
 *
 * @public
 */
export function parseDrawioXml(
  xml: string,
  what = 'the diagram',
): DrawioDocument {
  const root = parseXml(xml.trim(), what);
  if (root.tag === 'mxGraphModel') return { pages: [readPage(root, '', '')] };
  if (root.tag !== 'mxfile')
    throw new DrawioFormatError(
      `${what} is not a draw.io document (its root element is <${root.tag}>, not <mxfile>)`,
    );
  const pages = root.children
    .filter(child => child.tag === 'diagram')
    .map((diagram, index) => {
      const id = diagram.attributes.id ?? '';
      const name = diagram.attributes.name ?? `Page-${index + 1}`;
      let model = diagram.children.find(child => child.tag === 'mxGraphModel');
      if (!model && diagram.text) {
        const decoded = parseXml(
          decodeCompressedDiagram(diagram.text),
          `page '${name}' of ${what}`,
        );
        model = decoded.tag === 'mxGraphModel' ? decoded : undefined;
      }
      return readPage(model, id, name);
    });
  return { pages };
}

function describeCellChange(a: DrawioCell, b: DrawioCell): string[] {
  const changes: string[] = [];
  const keys = new Set([
    ...Object.keys(a.attributes),
    ...Object.keys(b.attributes),
  ]);
  for (const key of [...keys].sort()) {
    if (a.attributes[key] === b.attributes[key]) continue;
    if (key === 'value' || key === 'label') changes.push('label differs');
    else if (key === 'style') changes.push('style differs');
    else if (key === 'source' || key === 'target')
      changes.push(`${key} differs`);
    else changes.push(`attribute '${key}' differs`);
  }
  if (a.geometry !== b.geometry) changes.push('geometry differs');
  return [...new Set(changes)];
}

function pairPages(
  source: DrawioPage[],
  embedded: DrawioPage[],
): {
  pairs: [DrawioPage, DrawioPage][];
  onlySource: DrawioPage[];
  onlyEmbedded: DrawioPage[];
} {
  const left = [...source];
  const right = [...embedded];
  const pairs: [DrawioPage, DrawioPage][] = [];
  const take = (match: (a: DrawioPage, b: DrawioPage) => boolean) => {
    for (const a of [...left]) {
      const b = right.find(candidate => match(a, candidate));
      if (!b) continue;
      pairs.push([a, b]);
      left.splice(left.indexOf(a), 1);
      right.splice(right.indexOf(b), 1);
    }
  };
  take((a, b) => a.id !== '' && a.id === b.id);
  take((a, b) => a.name === b.name);
  // a bare <mxGraphModel> (no page id) stands for the single page of the other side
  if (left.length === 1 && right.length === 1)
    take((a, b) => a.id === '' || b.id === '');
  return { pairs, onlySource: left, onlyEmbedded: right };
}

/**
 * What differs between the `.drawio` document and the copy embedded in its
 * PNG, one short sentence each (empty when they are the same diagram).
 * Pages are matched by id, then by name. A PNG shows one page, so an
 * embedded copy with a single page may leave out the file's other pages.
 *
 * @public
 */
export function diffDrawioDocuments(
  source: DrawioDocument,
  embedded: DrawioDocument,
): string[] {
  const differences: string[] = [];
  const { pairs, onlySource, onlyEmbedded } = pairPages(
    source.pages,
    embedded.pages,
  );
  for (const page of onlyEmbedded)
    differences.push(`page '${page.name}' is not in the .drawio file`);
  if (embedded.pages.length !== 1 || pairs.length === 0)
    for (const page of onlySource)
      differences.push(`page '${page.name}' is not in the PNG`);
  for (const [a, b] of pairs) {
    const where = `page '${a.name || b.name}'`;
    if (a.name !== b.name && a.name !== '' && b.name !== '')
      differences.push(`${where}: named '${b.name}' in the PNG`);
    const settings = new Set([
      ...Object.keys(a.settings),
      ...Object.keys(b.settings),
    ]);
    for (const key of [...settings].sort())
      if (a.settings[key] !== b.settings[key])
        differences.push(`${where}: diagram setting '${key}' differs`);
    for (const [id, cell] of a.cells) {
      const other = b.cells.get(id);
      if (!other) differences.push(`${where}: cell '${id}' is not in the PNG`);
      else
        for (const change of describeCellChange(cell, other))
          differences.push(`${where}: cell '${id}' ${change}`);
    }
    for (const id of b.cells.keys())
      if (!a.cells.has(id))
        differences.push(`${where}: cell '${id}' is only in the PNG`);
  }
  return differences;
}
