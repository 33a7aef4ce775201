import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** One entry of a package tarball, its path relative to the `package/` folder. */
export interface TarEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** The target of a link, as stored. */
  linkTarget?: string;
  mode: number;
  data: Buffer;
}

const BLOCK = 512;
const TYPES: Record<string, TarEntry['type']> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'directory',
};

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  if (block[start] & 0x80) {
    // base-256 (GNU) for sizes beyond the octal field
    let value = 0;
    for (let i = start + 1; i < start + length; i++)
      value = value * 256 + block[i];
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits ? parseInt(digits, 8) : 0;
}

function paxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(data.subarray(offset, space).toString(), 10);
    if (!length) break;
    const record = data.subarray(space + 1, offset + length - 1).toString();
    const eq = record.indexOf('=');
    records[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return records;
}

/** Strips the leading `package/` (npm and Yarn put every file there). */
function packagePath(name: string): string {
  const clean = name.replace(/^\.\//, '').replace(/\/+$/, '');
  return clean.replace(/^package(\/|$)/, '');
}

/**
 * Reads a gzipped tar archive (ustar, pax or GNU long names, as npm, Yarn
 * and tar write them) into its entries.
 */
export function readTarball(file: string): TarEntry[] {
  const archive = zlib.gunzipSync(fs.readFileSync(file));
  const entries: TarEntry[] = [];
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every(byte => byte === 0)) break;
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156]);
    const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (flag === 'g') continue;
    if (flag === 'L' || flag === 'K') {
      const value = data.toString('utf8').replace(/\0+$/, '');
      if (flag === 'L') longName = value;
      else longLink = value;
      continue;
    }
    const prefix = text(header, 257, 6).startsWith('ustar')
      ? text(header, 345, 155)
      : '';
    const name =
      pax.path ??
      longName ??
      (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const linkTarget = pax.linkpath ?? longLink ?? text(header, 157, 100);
    const type = TYPES[flag] ?? 'other';
    entries.push({
      path: packagePath(name),
      type,
      ...(type === 'symlink' || type === 'hardlink' ? { linkTarget } : {}),
      mode: octal(header, 100, 8),
      data: Buffer.from(data),
    });
    pax = {};
    longName = undefined;
    longLink = undefined;
  }
  return entries;
}

/**
 * Writes the regular files and folders of a tarball under `dir` (links are
 * never extracted: a package with links fails verification first).
 */
export function extractTarball(entries: TarEntry[], dir: string): void {
  for (const entry of entries) {
    const target = path.resolve(dir, entry.path);
    if (target !== dir && !target.startsWith(`${dir}${path.sep}`))
      throw new Error(`tarball entry ${entry.path} points outside the package`);
    if (entry.type === 'directory') {
      fs.mkdirSync(target, { recursive: true });
    } else if (entry.type === 'file') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, entry.data, { mode: entry.mode & 0o777 });
    }
  }
}
