import zlib from 'node:zlib';
import {
  embedDrawioDiagram,
  encodeCompressedDiagram,
  encodePngChunk,
  encodePngTextChunk,
  PNG_SIGNATURE,
  PngTextChunkSpec,
  readPngChunks,
} from '@platform-kit/plugin-platform-kit-node';

/**
 * Test fixtures: small valid PNGs and draw.io documents, written with the
 * engine's PNG and draw.io modules.
 */

export interface PngSpec {
  width?: number;
  height?: number;
  /** Text chunks, written before the image data. */
  text?: PngTextChunkSpec[];
}

/** A valid PNG (grey pixels) with the given text chunks before the image data. */
export function writePng(spec: PngSpec = {}): Buffer {
  const width = spec.width ?? 2;
  const height = spec.height ?? 2;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let row = 0; row < height; row++) rows[row * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    PNG_SIGNATURE,
    encodePngChunk('IHDR', header),
    ...(spec.text ?? []).map(encodePngTextChunk),
    encodePngChunk('IDAT', zlib.deflateSync(rows)),
    encodePngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The PNG with one byte of the first chunk of `type`'s data flipped (its CRC no longer matches). */
export function corruptChunk(png: Buffer, type: string): Buffer {
  const chunk = readPngChunks(png).find(c => c.type === type);
  if (!chunk || chunk.data.length === 0) throw new Error(`no ${type} chunk`);
  const copy = Buffer.from(png);
  copy[chunk.offset + 8] ^= 0xff;
  return copy;
}

export interface CellSpec {
  id: string;
  value?: string;
  style?: string;
  parent?: string;
  vertex?: boolean;
  x?: number;
  y?: number;
}

export interface PageSpec {
  id: string;
  name: string;
  cells: CellSpec[];
  dx?: number;
}

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** An `mxGraphModel` the way draw.io writes one (root cells 0 and 1, then the given cells). */
export function graphModel(page: PageSpec): string {
  const cells = page.cells
    .map(
      cell =>
        `<mxCell id="${escape(cell.id)}" value="${escape(
          cell.value ?? '',
        )}" style="${escape(
          cell.style ?? 'rounded=1;whiteSpace=wrap;html=1;',
        )}" vertex="1" parent="${cell.parent ?? '1'}"><mxGeometry x="${
          cell.x ?? 100
        }" y="${
          cell.y ?? 100
        }" width="120" height="60" as="geometry" /></mxCell>`,
    )
    .join('\n        ');
  return `<mxGraphModel dx="${
    page.dx ?? 1000
  }" dy="600" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" page="1" pageScale="1" pageWidth="850" pageHeight="1100" math="0" shadow="0">
      <root>
        <mxCell id="0" />
        <mxCell id="1" parent="0" />
        ${cells}
      </root>
    </mxGraphModel>`;
}

/** A `.drawio` file's XML: `<mxfile>` with one `<diagram>` per page, plain or compressed. */
export function drawioXml(
  pages: PageSpec[],
  options: { compressed?: boolean; modified?: string; etag?: string } = {},
): string {
  const diagrams = pages
    .map(page => {
      const model = graphModel(page);
      return `  <diagram id="${escape(page.id)}" name="${escape(page.name)}">${
        options.compressed
          ? encodeCompressedDiagram(model)
          : `\n    ${model}\n  `
      }</diagram>`;
    })
    .join('\n');
  return `<mxfile host="Electron" modified="${
    options.modified ?? '2026-11-20T10:00:00.000Z'
  }" agent="Mozilla/5.0 draw.io/24.7.17" etag="${
    options.etag ?? 'abc123'
  }" version="24.7.17" type="device"${
    options.compressed ? '' : ' compressed="false"'
  }>\n${diagrams}\n</mxfile>\n`;
}

/** A PNG as draw.io's editor exports it with the diagram included: tEXt `mxfile`, URI-encoded. */
export function drawioPng(xml: string): Buffer {
  return embedDrawioDiagram(writePng(), xml);
}
