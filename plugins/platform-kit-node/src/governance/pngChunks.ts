import zlib from 'node:zlib';

/**
 * PNG chunks, read and written: the one PNG module of Platform Kit (the
 * diagram check reads the draw.io copy a PNG embeds; the diagram export and
 * the test fixtures write chunks).
 */

/**
 * The eight bytes every PNG file starts with.
 *
 * @public
 */
export const PNG_SIGNATURE = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
]);

/**
 * A PNG that is not one (wrong signature) or is damaged (truncated, bad CRC).
 *
 * @public
 */
export class PngFormatError extends Error {
  constructor(message: string, readonly kind: 'not-a-png' | 'damaged') {
    super(message);
    this.name = 'PngFormatError';
  }
}

/** @public */
export interface PngChunk {
  type: string;
  /** Byte offset of the chunk's length field in the file. */
  offset: number;
  data: Buffer;
}

/**
 * A text chunk (`tEXt`, `zTXt` or `iTXt`) with its text decoded.
 *
 * @public
 */
export interface PngTextChunk {
  type: 'tEXt' | 'zTXt' | 'iTXt';
  keyword: string;
  text: string;
}

/**
 * Reads the chunks of a PNG file up to `IEND`, checking the signature, that
 * every chunk is complete and that its CRC (over type and data) matches.
 *
 * @public
 */
export function readPngChunks(png: Buffer): PngChunk[] {
  if (
    png.length < PNG_SIGNATURE.length ||
    !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)
  )
    throw new PngFormatError(
      'it does not start with the PNG signature',
      'not-a-png',
    );
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < png.length) {
    if (offset + 12 > png.length)
      throw new PngFormatError(
        `truncated chunk header at byte ${offset}`,
        'damaged',
      );
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type))
      throw new PngFormatError(
        `invalid chunk type at byte ${offset}`,
        'damaged',
      );
    const end = offset + 12 + length;
    if (end > png.length)
      throw new PngFormatError(
        `chunk ${type} at byte ${offset} is truncated`,
        'damaged',
      );
    const data = png.subarray(offset + 8, offset + 8 + length);
    const expected = png.readUInt32BE(offset + 8 + length);
    const actual = zlib.crc32(png.subarray(offset + 4, offset + 8 + length));
    if (actual !== expected)
      throw new PngFormatError(
        `chunk ${type} at byte ${offset} has a bad CRC (the file was altered or damaged)`,
        'damaged',
      );
    chunks.push({ type, offset, data });
    offset = end;
    if (type === 'IEND') return chunks;
  }
  throw new PngFormatError('the file ends without an IEND chunk', 'damaged');
}

/** zTXt/iTXt data is a zlib stream by the PNG spec; older draw.io CLIs wrote raw deflate. */
function inflateText(data: Buffer): Buffer {
  try {
    return zlib.inflateSync(data);
  } catch {
    return zlib.inflateRawSync(data);
  }
}

function decodeTextChunk(chunk: PngChunk): PngTextChunk | undefined {
  const { data } = chunk;
  const nul = data.indexOf(0);
  if (nul <= 0) return undefined;
  const keyword = data.toString('latin1', 0, nul);
  if (chunk.type === 'tEXt')
    return { type: 'tEXt', keyword, text: data.toString('latin1', nul + 1) };
  if (chunk.type === 'zTXt')
    return {
      type: 'zTXt',
      keyword,
      // after the keyword: one byte compression method (0 = deflate), then the stream
      text: inflateText(data.subarray(nul + 2)).toString('latin1'),
    };
  // iTXt: keyword, flag, method, language tag\0, translated keyword\0, UTF-8 text
  const compressed = data[nul + 1] === 1;
  const languageEnd = data.indexOf(0, nul + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  const body = data.subarray(translatedEnd + 1);
  return {
    type: 'iTXt',
    keyword,
    text: (compressed ? inflateText(body) : body).toString('utf8'),
  };
}

/**
 * The text chunks of a PNG (see {@link readPngChunks} for the checks).
 *
 * @public
 */
export function readPngTextChunks(png: Buffer): PngTextChunk[] {
  const texts: PngTextChunk[] = [];
  for (const chunk of readPngChunks(png)) {
    if (chunk.type !== 'tEXt' && chunk.type !== 'zTXt' && chunk.type !== 'iTXt')
      continue;
    try {
      const text = decodeTextChunk(chunk);
      if (text) texts.push(text);
    } catch {
      throw new PngFormatError(
        `the compressed ${chunk.type} chunk at byte ${chunk.offset} cannot be inflated`,
        'damaged',
      );
    }
  }
  return texts;
}

/**
 * A text chunk to write. `compression` applies to `zTXt` (zlib stream by
 * default; `raw` DEFLATE as older draw.io command lines wrote it) and `iTXt`
 * (zlib by default, `none` for plain UTF-8).
 *
 * @public
 */
export interface PngTextChunkSpec {
  type: 'tEXt' | 'zTXt' | 'iTXt';
  keyword: string;
  text: string;
  compression?: 'zlib' | 'raw' | 'none';
}

/**
 * One PNG chunk: its length, type, data and the CRC over type and data.
 *
 * @public
 */
export function encodePngChunk(type: string, data: Buffer): Buffer {
  if (!/^[A-Za-z]{4}$/.test(type))
    throw new Error(`"${type}" is not a PNG chunk type (four letters)`);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function compress(data: Buffer, how: PngTextChunkSpec['compression']): Buffer {
  if (how === 'raw') return zlib.deflateRawSync(data);
  if (how === 'none') return data;
  return zlib.deflateSync(data);
}

/**
 * A `tEXt` (Latin-1), `zTXt` (compressed Latin-1) or `iTXt` (UTF-8) chunk;
 * {@link readPngTextChunks} reads each back.
 *
 * @public
 */
export function encodePngTextChunk(spec: PngTextChunkSpec): Buffer {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(spec.keyword))
    throw new Error(
      `"${spec.keyword}" is not a PNG keyword (1-79 printable Latin-1 characters)`,
    );
  const keyword = Buffer.from(`${spec.keyword}\0`, 'latin1');
  if (spec.type === 'tEXt')
    return encodePngChunk(
      'tEXt',
      Buffer.concat([keyword, Buffer.from(spec.text, 'latin1')]),
    );
  if (spec.type === 'zTXt') {
    if (spec.compression === 'none')
      throw new Error('a zTXt chunk is always compressed');
    return encodePngChunk(
      'zTXt',
      Buffer.concat([
        keyword,
        Buffer.from([0]), // compression method: deflate
        compress(Buffer.from(spec.text, 'latin1'), spec.compression),
      ]),
    );
  }
  const compressed = spec.compression !== 'none';
  return encodePngChunk(
    'iTXt',
    Buffer.concat([
      keyword,
      Buffer.from([compressed ? 1 : 0, 0]),
      Buffer.from('\0\0', 'latin1'), // no language tag, no translated keyword
      compress(Buffer.from(spec.text, 'utf8'), spec.compression),
    ]),
  );
}

/**
 * The PNG with `chunks` (encoded, see {@link encodePngChunk}) inserted
 * before its `IEND`. The PNG is checked first (see {@link readPngChunks}).
 *
 * @public
 */
export function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  const iend = readPngChunks(png).find(chunk => chunk.type === 'IEND')!;
  return Buffer.concat([
    png.subarray(0, iend.offset),
    ...chunks,
    png.subarray(iend.offset),
  ]);
}
