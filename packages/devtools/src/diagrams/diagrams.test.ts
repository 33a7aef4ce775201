import fs from 'node:fs';
import path from 'node:path';
import {
  embedDrawioDiagram,
  encodeCompressedDiagram,
  extractEmbeddedDiagram,
  readPngChunks,
} from '@platform-kit/plugin-platform-kit-node';
import { repoRoot } from '../postgres/repoPaths';
import { writePng } from '../testing/pngWriter';
import { diagramSvg } from './diagramSvg';
import { readDrawio } from './drawioModel';

const architecture = fs.readFileSync(
  path.join(repoRoot(), 'docs/diagrams/architecture.drawio'),
  'utf8',
);

describe('diagram export for contributors without draw.io', () => {
  it("reads the architecture diagram's boxes, labels and arrows", () => {
    const [page] = readDrawio(architecture);
    expect(page.name).toBe('Data flow');
    expect(page.boxes.map(b => b.id)).toContain('engine');
    expect(page.boxes.find(b => b.id === 'engine')!.label[0]).toBe(
      'Engine (platform-kit-node)',
    );
    expect(page.edges.find(e => e.id === 'e7')).toMatchObject({
      source: 'cli',
      target: 'engine',
      label: ['same engine'],
      style: { dashed: '1' },
    });
  });

  it("reads draw.io's compressed page format like the plain one", () => {
    const model = architecture.slice(
      architecture.indexOf('<mxGraphModel'),
      architecture.indexOf('</mxGraphModel>') + '</mxGraphModel>'.length,
    );
    const compressed = encodeCompressedDiagram(model);
    const file = `<mxfile><diagram id="data-flow" name="Data flow">${compressed}</diagram></mxfile>`;
    expect(readDrawio(file)).toEqual(readDrawio(architecture));
  });

  it('refuses a file that is not a draw.io diagram', () => {
    expect(() => readDrawio('<svg/>')).toThrow(/not a draw.io document/);
  });

  it('draws every box and arrow, escaping label text', () => {
    const { svg, width, height } = diagramSvg({
      name: 'p',
      boxes: [
        {
          id: 'a',
          label: ['A & <B>'],
          x: 0,
          y: 0,
          width: 100,
          height: 40,
          style: { rounded: '1', fillColor: '#dae8fc' },
        },
        {
          id: 'b',
          label: ['B'],
          x: 0,
          y: 100,
          width: 100,
          height: 40,
          style: {},
        },
      ],
      edges: [
        { id: 'e', label: [], source: 'a', target: 'b', style: {} },
        { id: 'x', label: [], source: 'a', target: 'missing', style: {} },
      ],
    });
    expect({ width, height }).toEqual({ width: 140, height: 180 });
    expect(svg).toContain('A &amp; &lt;B&gt;');
    expect(svg.match(/<rect /g)).toHaveLength(3); // background + two boxes
    expect(svg.match(/<line /g)).toHaveLength(1); // the arrow to nowhere is left out
    // The arrow runs from the bottom of A to the top of B.
    expect(svg).toContain('x1="50" y1="40" x2="50" y2="100"');
  });

  it('embeds the diagram in a tEXt chunk before IEND with a valid CRC', () => {
    const png = embedDrawioDiagram(writePng(), architecture);
    // readPngChunks checks every CRC
    expect(readPngChunks(png).map(c => c.type)).toEqual([
      'IHDR',
      'IDAT',
      'tEXt',
      'IEND',
    ]);
    expect(extractEmbeddedDiagram(png)).toBe(architecture);
  });

  it('refuses what is not a PNG', () => {
    expect(() => embedDrawioDiagram(Buffer.from('GIF89a'), 'x')).toThrow(
      /PNG signature/,
    );
    expect(() => embedDrawioDiagram(writePng().subarray(0, 40), 'x')).toThrow(
      /truncated|IEND/,
    );
  });

  it('the committed PNG embeds the committed architecture diagram', () => {
    const png = fs.readFileSync(
      path.join(repoRoot(), 'docs/diagrams/architecture.drawio.png'),
    );
    expect(extractEmbeddedDiagram(png)).toBe(architecture);
  });
});
