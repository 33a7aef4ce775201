import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DrawioFormatError,
  diffDrawioDocuments,
  parseDrawioXml,
} from './drawioDocument';
import {
  encodePngTextChunk,
  insertPngChunks,
  PngFormatError,
  readPngTextChunks,
} from './pngChunks';

export {
  DrawioFormatError,
  decodeCompressedDiagram,
  diffDrawioDocuments,
  encodeCompressedDiagram,
  parseDrawioStyle,
  parseDrawioXml,
} from './drawioDocument';
export type {
  DrawioBounds,
  DrawioCell,
  DrawioDocument,
  DrawioPage,
} from './drawioDocument';
export {
  encodePngChunk,
  encodePngTextChunk,
  insertPngChunks,
  PNG_SIGNATURE,
  PngFormatError,
  readPngChunks,
  readPngTextChunks,
} from './pngChunks';
export type { PngChunk, PngTextChunk, PngTextChunkSpec } from './pngChunks';

/** @public */
export type DiagramCheckStatus =
  | 'ok'
  | 'missing-png'
  | 'not-a-png'
  | 'no-embedded-diagram'
  | 'stale'
  | 'unreadable';

/** @public */
export interface DiagramCheck {
  /** The `.drawio` file, relative to the folder that was checked (`/` separated). */
  drawio: string;
  /** The PNG that was checked, relative likewise; absent when none was found. */
  png?: string;
  status: DiagramCheckStatus;
  /** What is wrong, one sentence (empty for `ok`). */
  detail: string;
  /** How to fix it (empty for `ok`). */
  fix: string;
}

/** The keywords draw.io writes its text chunk with. */
const DIAGRAM_KEYWORDS = new Set(['mxfile', 'mxGraphModel']);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist']);
const MAX_DIFFERENCES_SHOWN = 5;

const EXPORT_AGAIN =
  "export it again from draw.io (File > Export as > PNG) with 'Include a copy of my diagram' checked";

/**
 * The draw.io XML a PNG embeds, or undefined when it embeds none. draw.io's
 * editor writes a `tEXt` chunk `mxfile` holding the URI-encoded `<mxfile>`;
 * its command line (and older versions) a `zTXt` chunk `mxGraphModel` or
 * `mxfile`, zlib or raw DEFLATE, URI-encoded with `+` for spaces. `iTXt` is
 * read too. Content encoded twice is decoded twice, as draw.io does.
 *
 * @public
 */
export function extractEmbeddedDiagram(png: Buffer): string | undefined {
  const chunk = readPngTextChunks(png).find(text =>
    DIAGRAM_KEYWORDS.has(text.keyword),
  );
  if (!chunk) return undefined;
  let text = chunk.text;
  if (chunk.type === 'zTXt' && text.startsWith('%'))
    text = text.replace(/\+/g, ' ');
  for (let round = 0; round < 2 && text.startsWith('%'); round++) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new DrawioFormatError(
        `the embedded diagram (${chunk.type} '${chunk.keyword}') is not valid URI-encoded text`,
      );
    }
  }
  return text;
}

/**
 * The PNG with the draw.io document embedded as draw.io's editor does with
 * "Include a copy of my diagram": a `tEXt` chunk `mxfile` holding the
 * URI-encoded XML, before `IEND` ({@link extractEmbeddedDiagram} reads it).
 *
 * @public
 */
export function embedDrawioDiagram(png: Buffer, xml: string): Buffer {
  return insertPngChunks(png, [
    encodePngTextChunk({
      type: 'tEXt',
      keyword: 'mxfile',
      text: encodeURIComponent(xml),
    }),
  ]);
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The PNG exported from `<name>.drawio`: `<name>.drawio.png` (the editor's
 * default name when the diagram is included) or `<name>.png` (the draw.io
 * command line's); both are checked when both exist.
 *
 * @public
 */
export async function findExportedPngs(drawioFile: string): Promise<string[]> {
  const base = drawioFile.replace(/\.drawio$/i, '');
  const candidates = [`${base}.drawio.png`, `${base}.png`];
  const found: string[] = [];
  for (const candidate of candidates)
    if (await exists(candidate)) found.push(candidate);
  return found;
}

function result(
  root: string,
  drawio: string,
  png: string | undefined,
  status: DiagramCheckStatus,
  detail = '',
  fix = '',
): DiagramCheck {
  const relative = (file: string) =>
    path.relative(root, file).split(path.sep).join('/');
  return {
    drawio: relative(drawio),
    ...(png ? { png: relative(png) } : {}),
    status,
    detail,
    fix,
  };
}

async function checkPng(
  root: string,
  drawioFile: string,
  pngFile: string,
  source: ReturnType<typeof parseDrawioXml>,
): Promise<DiagramCheck> {
  const name = path.basename(pngFile);
  let xml: string | undefined;
  try {
    xml = extractEmbeddedDiagram(await fs.readFile(pngFile));
  } catch (error) {
    if (error instanceof PngFormatError && error.kind === 'not-a-png')
      return result(
        root,
        drawioFile,
        pngFile,
        'not-a-png',
        `${name} is not a PNG file: ${error.message}`,
        `replace it: ${EXPORT_AGAIN}`,
      );
    if (error instanceof PngFormatError || error instanceof DrawioFormatError)
      return result(
        root,
        drawioFile,
        pngFile,
        'unreadable',
        `${name} is damaged: ${error.message}`,
        EXPORT_AGAIN,
      );
    return result(
      root,
      drawioFile,
      pngFile,
      'unreadable',
      `${name} cannot be read: ${(error as Error).message}`,
      'check the file\u2019s permissions',
    );
  }
  if (xml === undefined)
    return result(
      root,
      drawioFile,
      pngFile,
      'no-embedded-diagram',
      `${name} holds no copy of the diagram (exported without 'Include a copy of my diagram')`,
      EXPORT_AGAIN,
    );
  let embedded;
  try {
    embedded = parseDrawioXml(xml, `the diagram embedded in ${name}`);
  } catch (error) {
    return result(
      root,
      drawioFile,
      pngFile,
      'unreadable',
      (error as Error).message,
      EXPORT_AGAIN,
    );
  }
  const differences = diffDrawioDocuments(source, embedded);
  if (differences.length === 0) return result(root, drawioFile, pngFile, 'ok');
  const shown = differences.slice(0, MAX_DIFFERENCES_SHOWN).join('; ');
  const more = differences.length - MAX_DIFFERENCES_SHOWN;
  return result(
    root,
    drawioFile,
    pngFile,
    'stale',
    `${name} embeds a different diagram: ${shown}${
      more > 0 ? ` (and ${more} more)` : ''
    }`,
    `the PNG is stale or was edited by hand: ${EXPORT_AGAIN}`,
  );
}

/**
 * Checks that a `.drawio` file has an exported PNG beside it and that the
 * PNG embeds the same diagram (compared page by page and cell by cell, not
 * byte by byte). One result per PNG found, or one `missing-png`.
 *
 * @public
 */
export async function checkDrawioPng(
  drawioFile: string,
  options: { root?: string } = {},
): Promise<DiagramCheck[]> {
  const root = path.resolve(options.root ?? path.dirname(drawioFile));
  const file = path.resolve(drawioFile);
  let source;
  try {
    source = parseDrawioXml(
      await fs.readFile(file, 'utf8'),
      path.basename(file),
    );
  } catch (error) {
    const message =
      error instanceof DrawioFormatError
        ? error.message
        : `${path.basename(file)} cannot be read: ${(error as Error).message}`;
    return [
      result(
        root,
        file,
        undefined,
        'unreadable',
        message,
        'open and save it in draw.io, or restore it from version control',
      ),
    ];
  }
  const pngs = await findExportedPngs(file);
  if (pngs.length === 0) {
    const expected = `${path.basename(file)}.png`;
    return [
      result(
        root,
        file,
        undefined,
        'missing-png',
        `no exported PNG (${expected} or ${path
          .basename(file)
          .replace(/\.drawio$/i, '')}.png)`,
        `export it from draw.io to ${expected} with 'Include a copy of my diagram' checked`,
      ),
    ];
  }
  return Promise.all(pngs.map(png => checkPng(root, file, png, source)));
}

async function findDrawioFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await fs.readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name))
        found.push(...(await findDrawioFiles(full)));
    } else if (entry.isFile() && /\.drawio$/i.test(entry.name))
      found.push(full);
  }
  return found;
}

/**
 * Checks every `.drawio` file under `directory` (recursively, skipping
 * `node_modules`, `.git` and `dist`). Throws when the folder cannot be read.
 *
 * @public
 */
export async function checkDiagramsDirectory(
  directory: string,
): Promise<DiagramCheck[]> {
  const root = path.resolve(directory);
  let stat;
  try {
    stat = await fs.stat(root);
  } catch {
    throw new Error(`the folder ${root} does not exist`);
  }
  if (!stat.isDirectory()) throw new Error(`${root} is not a folder`);
  const checks: DiagramCheck[] = [];
  for (const file of await findDrawioFiles(root))
    checks.push(...(await checkDrawioPng(file, { root })));
  return checks;
}
