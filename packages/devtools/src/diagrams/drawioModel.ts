import {
  DrawioCell,
  parseDrawioStyle,
  parseDrawioXml,
} from '@platform-kit/plugin-platform-kit-node';

/** What the diagram export draws of a `.drawio` file, read with the engine's draw.io parser. */

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

const label = (cell: DrawioCell) =>
  labelLines(cell.attributes.value ?? cell.attributes.label);

/** The boxes and arrows of each page of a `.drawio` file. */
export function readDrawio(xml: string): DiagramPage[] {
  return parseDrawioXml(xml).pages.map(page => {
    const cells = [...page.cells.values()];
    const boxes: DiagramBox[] = cells.flatMap(cell =>
      cell.attributes.vertex === '1' && cell.bounds
        ? [
            {
              id: cell.id,
              label: label(cell),
              ...cell.bounds,
              style: parseDrawioStyle(cell.attributes.style),
            },
          ]
        : [],
    );
    const edges: DiagramEdge[] = cells.flatMap(cell => {
      const { edge, source, target, style } = cell.attributes;
      return edge === '1' && source && target
        ? [
            {
              id: cell.id,
              label: label(cell),
              source,
              target,
              style: parseDrawioStyle(style),
            },
          ]
        : [];
    });
    return { name: page.name, boxes, edges };
  });
}
