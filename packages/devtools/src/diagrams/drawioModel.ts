import zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';

export interface DiagramBox {
  id: string;
  label: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  style: Record<string, string>;
}

export interface DiagramEdge {
  id: string;
  label: string[];
  source: string;
  target: string;
  style: Record<string, string>;
}

export interface DiagramPage {
  name: string;
  boxes: DiagramBox[];
  edges: DiagramEdge[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: name => ['diagram', 'mxCell'].includes(name),
});

function parseStyle(style: string | undefined): Record<string, string> {
  const entries = (style ?? '')
    .split(';')
    .filter(Boolean)
    .map(part => {
      const at = part.indexOf('=');
      return at < 0 ? [part, '1'] : [part.slice(0, at), part.slice(at + 1)];
    });
  return Object.fromEntries(entries);
}

/** draw.io's HTML labels as lines of plain text. */
function labelLines(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/<br\s*\/?>/i)
    .map(line =>
      line
        .replace(/<[^>]*>/g, '')
        .replace(/&nbsp;/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

/** A page's model: inline `<mxGraphModel>` or draw.io's compressed form (base64, raw deflate, URI-encoded). */
function pageModel(diagram: any): any {
  if (diagram.mxGraphModel) return diagram.mxGraphModel;
  const text = String(diagram['#text'] ?? '').trim();
  const xml = decodeURIComponent(
    zlib.inflateRawSync(Buffer.from(text, 'base64')).toString('utf8'),
  );
  return parser.parse(xml).mxGraphModel;
}

/** The boxes and arrows of each page of a `.drawio` file. */
export function readDrawio(xml: string): DiagramPage[] {
  const file = parser.parse(xml).mxfile;
  if (!file?.diagram)
    throw new Error('not a draw.io file: no <mxfile><diagram>');
  return file.diagram.map((diagram: any) => {
    const cells: any[] = pageModel(diagram)?.root?.mxCell ?? [];
    const boxes: DiagramBox[] = cells
      .filter(cell => cell.vertex === '1' && cell.mxGeometry)
      .map(cell => ({
        id: cell.id,
        label: labelLines(cell.value),
        x: Number(cell.mxGeometry.x ?? 0),
        y: Number(cell.mxGeometry.y ?? 0),
        width: Number(cell.mxGeometry.width),
        height: Number(cell.mxGeometry.height),
        style: parseStyle(cell.style),
      }));
    const edges: DiagramEdge[] = cells
      .filter(cell => cell.edge === '1' && cell.source && cell.target)
      .map(cell => ({
        id: cell.id,
        label: labelLines(cell.value),
        source: cell.source,
        target: cell.target,
        style: parseStyle(cell.style),
      }));
    return { name: diagram.name ?? diagram.id ?? 'Page-1', boxes, edges };
  });
}
