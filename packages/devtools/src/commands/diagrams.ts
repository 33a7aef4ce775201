import { embedDrawioDiagram } from '@platform-kit/plugin-platform-kit-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagramSvg } from '../diagrams/diagramSvg';
import { readDrawio } from '../diagrams/drawioModel';
import { repoRoot } from '../postgres/repoPaths';
import { UserFacingError } from '../util/fail';
import { run } from '../util/run';
import { ensureChromium } from './chromium';

function drawioFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return drawioFiles(full);
    return entry.name.endsWith('.drawio') ? [full] : [];
  });
}

/**
 * `./kit diagrams:export [files]`: exports each `.drawio` (default: every one
 * under docs/) to `<name>.drawio.png` the way draw.io does with "Include a copy
 * of my diagram": an image of the first page with the file embedded in a
 * `tEXt` chunk `mxfile`, so `platform-kit diagrams check` accepts it. For
 * contributors without draw.io; the drawing is plainer than draw.io's.
 */
export async function diagramsCommand(args: string[]): Promise<number> {
  const files = args.length
    ? args.map(f => path.resolve(f))
    : drawioFiles(path.join(repoRoot(), 'docs'));
  const chromium = await ensureChromium();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-kit-diagram-'));
  try {
    for (const file of files) {
      const xml = fs.readFileSync(file, 'utf8');
      const [page] = readDrawio(xml);
      if (!page) throw new UserFacingError(`${file} has no page`);
      const { svg, width, height } = diagramSvg(page);
      const svgFile = path.join(tmp, 'page.svg');
      const shot = path.join(tmp, 'page.png');
      fs.writeFileSync(svgFile, svg);
      const code = await run(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          `--screenshot=${shot}`,
          `--window-size=${Math.ceil(width)},${Math.ceil(height)}`,
          `file://${svgFile}`,
        ],
        { stdio: 'ignore' },
      );
      if (code !== 0 || !fs.existsSync(shot))
        throw new UserFacingError(`Chromium could not render ${file}`);
      const png = embedDrawioDiagram(fs.readFileSync(shot), xml);
      const out = `${file}.png`;
      fs.writeFileSync(out, png);
      console.log(`${path.relative(process.cwd(), out)} (${page.name})`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return 0;
}
