import { pngChunk } from '../testing/pngWriter';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with a `tEXt` chunk (keyword, Latin-1 text) inserted before its `IEND`. */
export function withTextChunk(
  png: Buffer,
  keyword: string,
  text: string,
): Buffer {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  const iend = png.length - 12;
  if (png.toString('latin1', iend + 4, iend + 8) !== 'IEND')
    throw new Error('the PNG does not end with IEND');
  const chunk = pngChunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1'));
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}
