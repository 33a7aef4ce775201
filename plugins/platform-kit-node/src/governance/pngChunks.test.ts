import zlib from 'node:zlib';
import {
  encodePngChunk,
  encodePngTextChunk,
  insertPngChunks,
  PNG_SIGNATURE,
  PngFormatError,
  readPngChunks,
  readPngTextChunks,
} from './pngChunks';

/** The smallest PNG: one grey pixel. */
function onePixel(): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    PNG_SIGNATURE,
    encodePngChunk('IHDR', header),
    encodePngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x80]))),
    encodePngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('PNG chunks written and read back', () => {
  it('writes chunks with their length and CRC', () => {
    const chunk = encodePngChunk('tEXt', Buffer.from('a\0b', 'latin1'));
    expect(chunk.readUInt32BE(0)).toBe(3);
    expect(chunk.toString('latin1', 4, 8)).toBe('tEXt');
    expect(chunk.readUInt32BE(11)).toBe(zlib.crc32(chunk.subarray(4, 11)));
    expect(() => encodePngChunk('TEXT1', Buffer.alloc(0))).toThrow(
      /not a PNG chunk type/,
    );
  });

  it('reads back every kind of text chunk it writes', () => {
    const specs = [
      { type: 'tEXt', keyword: 'Title', text: 'Caf\u00e9' },
      { type: 'zTXt', keyword: 'mxfile', text: '%3Cmxfile%3E' },
      {
        type: 'zTXt',
        keyword: 'mxGraphModel',
        text: 'raw',
        compression: 'raw',
      },
      { type: 'iTXt', keyword: 'Comment', text: 'Stra\u00dfe \u2713' },
      { type: 'iTXt', keyword: 'Plain', text: '\u2713', compression: 'none' },
    ] as const;
    const png = insertPngChunks(onePixel(), specs.map(encodePngTextChunk));
    expect(readPngChunks(png).map(c => c.type)).toEqual([
      'IHDR',
      'IDAT',
      'tEXt',
      'zTXt',
      'zTXt',
      'iTXt',
      'iTXt',
      'IEND',
    ]);
    expect(readPngTextChunks(png)).toEqual(
      specs.map(({ type, keyword, text }) => ({ type, keyword, text })),
    );
  });

  it('refuses keywords and compressions the PNG format does not allow', () => {
    expect(() =>
      encodePngTextChunk({ type: 'tEXt', keyword: '', text: 'x' }),
    ).toThrow(/not a PNG keyword/);
    expect(() =>
      encodePngTextChunk({ type: 'tEXt', keyword: 'k'.repeat(80), text: 'x' }),
    ).toThrow(/not a PNG keyword/);
    expect(() =>
      encodePngTextChunk({
        type: 'zTXt',
        keyword: 'k',
        text: 'x',
        compression: 'none',
      }),
    ).toThrow(/always compressed/);
  });

  it('inserts only into a sound PNG', () => {
    const chunk = encodePngTextChunk({ type: 'tEXt', keyword: 'k', text: 'v' });
    expect(() => insertPngChunks(Buffer.from('GIF89a'), [chunk])).toThrow(
      PngFormatError,
    );
    expect(() => insertPngChunks(onePixel().subarray(0, 40), [chunk])).toThrow(
      /truncated|IEND/,
    );
  });
});
