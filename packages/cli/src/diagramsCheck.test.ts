import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  corruptChunk,
  drawioPng,
  drawioXml,
  PageSpec,
  writePng,
} from '@platform-kit/devtools';
import { runCli } from './__testUtils__/runCli';

const page: PageSpec = {
  id: 'overview',
  name: 'Overview',
  cells: [
    { id: 'api', value: 'API', x: 40 },
    { id: 'db', value: 'Postgres', x: 240 },
  ],
};

let dir: string;
let cwd: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'diagrams-check-'));
  cwd = process.cwd();
});
afterEach(async () => {
  process.chdir(cwd);
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(file: string, content: string | Buffer) {
  await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await fs.writeFile(path.join(dir, file), content);
}

describe('platform-kit diagrams check', () => {
  it('exits 0 when every PNG embeds its diagram (plain .drawio, compressed copy), in the current folder by default', async () => {
    await write('docs/arch.drawio', drawioXml([page]));
    await write(
      'docs/arch.drawio.png',
      drawioPng(
        drawioXml([{ ...page, dx: 42 }], { compressed: true, etag: 'new' }),
      ),
    );
    await write('flows/login.drawio', drawioXml([page], { compressed: true }));
    await write('flows/login.png', drawioPng(drawioXml([page])));
    await write('node_modules/x/ignored.drawio', drawioXml([page]));
    process.chdir(dir);
    const result = await runCli(['diagrams', 'check']);
    expect(result).toEqual({
      code: 0,
      stdout:
        'docs/arch.drawio: ok (docs/arch.drawio.png)\nflows/login.drawio: ok (flows/login.png)\n2 diagram PNG(s) embed their diagram\n',
      stderr: '',
    });
  });

  it('exits 1 with one line per problem and how to fix it', async () => {
    await write('a-edited.drawio', drawioXml([page]));
    await write(
      'a-edited.drawio.png',
      drawioPng(
        drawioXml([
          {
            ...page,
            cells: [{ id: 'api', value: 'API (edited)', x: 40 }, page.cells[1]],
          },
        ]),
      ),
    );
    await write('b-plain.drawio', drawioXml([page]));
    await write('b-plain.drawio.png', writePng());
    await write('c-corrupt.drawio', drawioXml([page]));
    await write(
      'c-corrupt.drawio.png',
      corruptChunk(drawioPng(drawioXml([page])), 'IDAT'),
    );
    await write('d-missing.drawio', drawioXml([page]));
    await write('e-ok.drawio', drawioXml([page]));
    await write('e-ok.drawio.png', drawioPng(drawioXml([page])));
    const result = await runCli(['diagrams', 'check', dir]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      "a-edited.drawio: stale: a-edited.drawio.png embeds a different diagram: page 'Overview': cell 'api' label differs; fix: the PNG is stale or was edited by hand: export it again from draw.io (File > Export as > PNG) with 'Include a copy of my diagram' checked",
    );
    expect(lines[1]).toMatch(
      /^b-plain\.drawio: no-embedded-diagram: b-plain\.drawio\.png holds no copy of the diagram .*; fix: export it again from draw\.io .*'Include a copy of my diagram' checked$/,
    );
    expect(lines[2]).toMatch(
      /^c-corrupt\.drawio: unreadable: c-corrupt\.drawio\.png is damaged: chunk IDAT at byte \d+ has a bad CRC/,
    );
    expect(lines[3]).toBe(
      "d-missing.drawio: missing-png: no exported PNG (d-missing.drawio.png or d-missing.png); fix: export it from draw.io to d-missing.drawio.png with 'Include a copy of my diagram' checked",
    );
    expect(lines[4]).toBe('e-ok.drawio: ok (e-ok.drawio.png)');
    expect(lines[5]).toBe('4 of 5 diagram PNG check(s) failed');
  });

  it('prints JSON, says when there is nothing to check, and exits 2 for a missing folder', async () => {
    await write('x.drawio', drawioXml([page]));
    await write('x.png', Buffer.from('not a png at all'));
    const json = await runCli(['diagrams', 'check', dir, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        drawio: 'x.drawio',
        png: 'x.png',
        status: 'not-a-png',
      }),
    ]);

    await fs.mkdir(path.join(dir, 'empty'));
    expect(
      await runCli(['diagrams', 'check', path.join(dir, 'empty')]),
    ).toEqual({
      code: 0,
      stdout: `no .drawio files under ${path.join(dir, 'empty')}\n`,
      stderr: '',
    });

    const missing = await runCli(['diagrams', 'check', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^platform-kit: cannot read .*nope: the folder .* does not exist\n$/,
    );
  });
});
