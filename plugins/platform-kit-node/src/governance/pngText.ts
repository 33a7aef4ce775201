import zlib from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([
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
