import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  checkDiagramsDirectory,
  checkDrawioPng,
  embedDrawioDiagram,
  encodeCompressedDiagram,
  encodePngChunk,
  extractEmbeddedDiagram,
  insertPngChunks,
  parseDrawioStyle,
  parseDrawioXml,
  readPngChunks,
} from './drawioPng';
import {
  corruptChunk,
  drawioPng,
  drawioXml,
  PageSpec,
  writePng,
} from '@platform-kit/devtools';

const overview: PageSpec = {
  id: 'p1',
  name: 'Overview',
  cells: [
    { id: 'api', value: 'API', x: 40 },
    { id: 'db', value: 'Database <b>main</b>', x: 240 },
  ],
};
const details: PageSpec = {
  id: 'p2',
  name: 'Details',
  cells: [{ id: 'queue', value: 'Queue' }],
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drawio-png-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer) {
  const file = path.join(dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return file;
}

describe('PNG chunks', () => {
  it('reads the chunks of a PNG it wrote and refuses a bad CRC', () => {
    const png = writePng({
      text: [{ type: 'tEXt', keyword: 'Title', text: 'x' }],
    });
    expect(readPngChunks(png).map(c => c.type)).toEqual([
      'IHDR',
      'tEXt',
      'IDAT',
      'IEND',
    ]);
    expect(() => readPngChunks(corruptChunk(png, 'IDAT'))).toThrow(
      /chunk IDAT at byte \d+ has a bad CRC/,
    );
    expect(() => readPngChunks(png.subarray(0, png.length - 6))).toThrow(
      /truncated/,
    );
    expect(() => readPngChunks(Buffer.from('GIF89a....'))).toThrow(
      /PNG signature/,
    );
  });
});

describe('extractEmbeddedDiagram', () => {
  const xml = drawioXml([overview]);

  it('reads what embedDrawioDiagram wrote', () => {
    expect(extractEmbeddedDiagram(embedDrawioDiagram(writePng(), xml))).toBe(
      xml,
    );
  });

  it('reads the editor\u2019s tEXt mxfile chunk (URI-encoded)', () => {
    expect(extractEmbeddedDiagram(drawioPng(xml))).toBe(xml);
  });

  it('reads zTXt with raw DEFLATE and + for spaces (draw.io\u2019s older command line)', () => {
    const javaEncoded = encodeURIComponent(xml).replace(/%20/g, '+');
    const png = writePng({
      text: [
        {
          type: 'zTXt',
          keyword: 'mxGraphModel',
          text: javaEncoded,
          compression: 'raw',
        },
      ],
    });
    expect(extractEmbeddedDiagram(png)).toBe(xml);
  });

  it('reads zTXt with a zlib stream, iTXt, and double-encoded text', () => {
    const encoded = encodeURIComponent(xml);
    for (const png of [
      writePng({
        text: [
          {
            type: 'zTXt',
            keyword: 'mxfile',
            text: encoded,
            compression: 'zlib',
          },
        ],
      }),
      writePng({ text: [{ type: 'iTXt', keyword: 'mxfile', text: encoded }] }),
      writePng({
        text: [
          { type: 'iTXt', keyword: 'mxfile', text: xml, compression: 'none' },
        ],
      }),
      writePng({
        text: [
          {
            type: 'tEXt',
            keyword: 'mxfile',
            text: encodeURIComponent(encoded),
          },
        ],
      }),
    ])
      expect(extractEmbeddedDiagram(png)).toBe(xml);
  });

  it('returns undefined for a PNG with other text only', () => {
    expect(
      extractEmbeddedDiagram(
        writePng({
          text: [{ type: 'tEXt', keyword: 'Software', text: 'GIMP' }],
        }),
      ),
    ).toBeUndefined();
  });
});

describe('parseDrawioXml', () => {
  it('reads plain and compressed pages to the same model', () => {
    const plain = parseDrawioXml(drawioXml([overview, details]));
    const compressed = parseDrawioXml(
      drawioXml([overview, details], { compressed: true }),
    );
    expect(compressed).toEqual(plain);
    expect(plain.pages.map(p => p.name)).toEqual(['Overview', 'Details']);
    expect(plain.pages[0].cells.get('db')?.attributes.value).toBe(
      'Database <b>main</b>',
    );
  });

  it('refuses invalid XML and other documents in one sentence', () => {
    expect(() => parseDrawioXml('<mxfile><diagram></mxfile>')).toThrow(
      /not valid XML/,
    );
    expect(() => parseDrawioXml('<svg/>')).toThrow(/root element is <svg>/);
    expect(() =>
      parseDrawioXml('<mxfile><diagram>%%%not-base64</diagram></mxfile>'),
    ).toThrow(/compressed <diagram>/);
  });
});

describe('checkDrawioPng', () => {
  it('is ok when the PNG embeds the same diagram, whatever the encoding and volatile attributes', async () => {
    const file = await write('arch.drawio', drawioXml([overview]));
    await write(
      'arch.drawio.png',
      drawioPng(
        drawioXml([{ ...overview, dx: 1234 }], {
          compressed: true,
          modified: '2026-11-26T00:00:00Z',
          etag: 'other',
        }),
      ),
    );
    expect(await checkDrawioPng(file)).toEqual([
      {
        drawio: 'arch.drawio',
        png: 'arch.drawio.png',
        status: 'ok',
        detail: '',
        fix: '',
      },
    ]);
  });

  it('says which cell of which page differs in a hand-edited PNG', async () => {
    const file = await write('arch.drawio', drawioXml([overview]));
    const edited = {
      ...overview,
      cells: [
        { id: 'api', value: 'API v2', x: 40 },
        { id: 'db', value: 'Database <b>main</b>', x: 300 },
        { id: 'cache', value: 'Cache' },
      ],
    };
    await write('arch.png', drawioPng(drawioXml([edited])));
    const [check] = await checkDrawioPng(file);
    expect(check.status).toBe('stale');
    expect(check.png).toBe('arch.png');
    expect(check.detail).toContain("page 'Overview': cell 'api' label differs");
    expect(check.detail).toContain(
      "page 'Overview': cell 'db' geometry differs",
    );
    expect(check.detail).toContain(
      "page 'Overview': cell 'cache' is only in the PNG",
    );
    expect(check.fix).toMatch(/Include a copy of my diagram/);
  });

  it('accepts a one-page PNG of a multi-page file but not a missing page in a full copy', async () => {
    const file = await write('multi.drawio', drawioXml([overview, details]));
    await write('multi.drawio.png', drawioPng(drawioXml([details])));
    expect((await checkDrawioPng(file))[0].status).toBe('ok');
    await write(
      'multi.drawio.png',
      drawioPng(drawioXml([overview, { ...details, id: 'p3', name: 'Other' }])),
    );
    const [check] = await checkDrawioPng(file);
    expect(check.status).toBe('stale');
    expect(check.detail).toContain("page 'Other' is not in the .drawio file");
    expect(check.detail).toContain("page 'Details' is not in the PNG");
  });

  it('reports a PNG exported without the diagram, a corrupted one, a JPEG and a missing one', async () => {
    const file = await write('a.drawio', drawioXml([overview]));
    await write('a.drawio.png', writePng());
    expect((await checkDrawioPng(file))[0]).toMatchObject({
      status: 'no-embedded-diagram',
      fix: expect.stringContaining("'Include a copy of my diagram'"),
    });

    await write(
      'a.drawio.png',
      corruptChunk(drawioPng(drawioXml([overview])), 'tEXt'),
    );
    expect((await checkDrawioPng(file))[0]).toMatchObject({
      status: 'unreadable',
      detail: expect.stringMatching(/bad CRC/),
    });

    await write(
      'a.drawio.png',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]),
    );
    expect((await checkDrawioPng(file))[0].status).toBe('not-a-png');

    await fs.rm(path.join(dir, 'a.drawio.png'));
    expect((await checkDrawioPng(file))[0]).toMatchObject({
      status: 'missing-png',
      detail: expect.stringContaining('a.drawio.png'),
    });
  });

  it('reports an unreadable .drawio and an undecodable embedded diagram', async () => {
    const broken = await write('broken.drawio', '<mxfile><diagram>');
    expect((await checkDrawioPng(broken))[0]).toMatchObject({
      status: 'unreadable',
      detail: expect.stringMatching(/broken\.drawio is not valid XML/),
    });

    const file = await write('b.drawio', drawioXml([overview]));
    await write(
      'b.drawio.png',
      writePng({
        text: [{ type: 'tEXt', keyword: 'mxfile', text: '%E0%A4%A' }],
      }),
    );
    expect((await checkDrawioPng(file))[0]).toMatchObject({
      status: 'unreadable',
      detail: expect.stringMatching(/not valid URI-encoded/),
    });

    await write(
      'b.drawio.png',
      writePng({ text: [{ type: 'zTXt', keyword: 'mxfile', text: 'x' }] }).fill(
        0,
        0,
        1,
      ),
    );
    expect((await checkDrawioPng(file))[0].status).toBe('not-a-png');

    // keyword, method 0 (deflate), then data that is not a deflate stream
    const damagedZtxt = insertPngChunks(writePng(), [
      encodePngChunk('zTXt', Buffer.from('mxfile\0\0x', 'latin1')),
    ]);
    await write('b.drawio.png', damagedZtxt);
    expect((await checkDrawioPng(file))[0]).toMatchObject({
      status: 'unreadable',
      detail: expect.stringMatching(/cannot be inflated/),
    });
  });
});

describe('checkDiagramsDirectory', () => {
  it('walks the tree, skipping node_modules, .git and dist', async () => {
    await write('docs/ok.drawio', drawioXml([overview]));
    await write(
      'docs/ok.drawio.png',
      drawioPng(drawioXml([overview], { compressed: true })),
    );
    await write('docs/deep/missing.drawio', drawioXml([details]));
    await write('node_modules/pkg/x.drawio', drawioXml([details]));
    await write('.git/y.drawio', drawioXml([details]));
    await write('dist/z.drawio', drawioXml([details]));
    const checks = await checkDiagramsDirectory(dir);
    expect(checks.map(c => [c.drawio, c.status])).toEqual([
      ['docs/deep/missing.drawio', 'missing-png'],
      ['docs/ok.drawio', 'ok'],
    ]);
  });

  it('throws one sentence for a missing folder', async () => {
    await expect(
      checkDiagramsDirectory(path.join(dir, 'nope')),
    ).rejects.toThrow(/does not exist/);
    const file = await write('f.txt', 'x');
    await expect(checkDiagramsDirectory(file)).rejects.toThrow(
      /is not a folder/,
    );
  });
});

it('matches a bare mxGraphModel (keyword mxGraphModel) with the single page of the file', async () => {
  const file = await write('bare.drawio', drawioXml([overview]));
  const model = parseDrawioXml(drawioXml([overview])).pages[0];
  expect(model.cells.size).toBe(4);
  const bare = drawioXml([overview]).match(
    /<mxGraphModel[\s\S]*<\/mxGraphModel>/,
  )![0];
  await write(
    'bare.png',
    writePng({
      text: [
        {
          type: 'zTXt',
          keyword: 'mxGraphModel',
          text: encodeURIComponent(bare),
          compression: 'raw',
        },
      ],
    }),
  );
  expect((await checkDrawioPng(file))[0]).toMatchObject({
    png: 'bare.png',
    status: 'ok',
  });
  expect(zlib.crc32('')).toBe(0);
});

describe('the draw.io document model', () => {
  it('gives each cell its bounds and parses styles', () => {
    const [page] = parseDrawioXml(drawioXml([overview])).pages;
    expect(page.cells.get('api')?.bounds).toEqual({
      x: 40,
      y: 100,
      width: 120,
      height: 60,
    });
    expect(page.cells.get('0')?.bounds).toBeUndefined();
    expect(parseDrawioStyle(page.cells.get('api')?.attributes.style)).toEqual({
      rounded: '1',
      whiteSpace: 'wrap',
      html: '1',
    });
    expect(parseDrawioStyle('ellipse;fillColor=#fff;')).toEqual({
      ellipse: '1',
      fillColor: '#fff',
    });
    expect(parseDrawioStyle(undefined)).toEqual({});
  });

  it('compresses a page as draw.io does and reads it back', () => {
    const model = '<mxGraphModel><root><mxCell id="0"/></root></mxGraphModel>';
    const file = `<mxfile><diagram id="d" name="P">${encodeCompressedDiagram(
      model,
    )}</diagram></mxfile>`;
    expect([...parseDrawioXml(file).pages[0].cells.keys()]).toEqual(['0']);
  });
});
