import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDockerfile } from './dockerfile';
import { dockerignoreFilter } from './dockerignore';
import { followImagePlan } from './follow';
import { unprivilegedIdentity } from './identity';
import { planImage } from './plan';

jest.setTimeout(30_000);

describe('followImagePlan', () => {
  let dir: string;
  let context: string;
  let toolBin: string;
  const identity = unprivilegedIdentity();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-follow-'));
    fs.chmodSync(dir, 0o755);
    context = path.join(dir, 'context');
    fs.mkdirSync(path.join(context, 'tree'), { recursive: true });
    fs.writeFileSync(path.join(context, 'tree', 'a.txt'), 'a');
    fs.writeFileSync(path.join(context, 'tree', 'ignored.txt'), 'no');
    fs.writeFileSync(path.join(context, 'bundle.txt'), 'b');
    // The image's tools: `node` on the image's PATH.
    toolBin = path.join(dir, 'tools');
    fs.mkdirSync(toolBin);
    fs.symlinkSync(process.execPath, path.join(toolBin, 'node'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const follow = (dockerfile: string) =>
    followImagePlan({
      plan: planImage(parseDockerfile(dockerfile)),
      contextDir: context,
      ignored: dockerignoreFilter('tree/ignored.txt'),
      rootfs: path.join(dir, 'rootfs'),
      identity,
      toolBin,
      buildEnv: { BUILD_ONLY: 'yes' },
      logDir: path.join(dir, 'logs'),
    });

  it("reproduces the image's filesystem in the Dockerfile's order, as its USER", async () => {
    const followed = await follow(
      [
        'FROM node:24-trixie-slim',
        'RUN apt-get update && apt-get install -y libx',
        'USER node',
        'WORKDIR /app',
        'COPY --chown=node:node tree ./tree',
        'COPY bundle.txt ./',
        'ENV PATH=/home/node/bin:$PATH GREETING=hello',
        `RUN mkdir -p "$HOME/bin" && printf '#!/bin/sh\\necho tool' > "$HOME/bin/tool" && chmod +x "$HOME/bin/tool"`,
        'RUN tool > out.txt && id -u > uid.txt && echo "$GREETING $BUILD_ONLY" > env.txt && node -p process.version > node.txt',
        'CMD ["node", "main.js"]',
      ].join('\n'),
    );
    const app = path.join(dir, 'rootfs', 'app');
    const uid = identity?.uid ?? process.getuid!();
    expect(followed.workdir).toBe(app);
    expect(followed.identity).toEqual(identity);
    expect(fs.readFileSync(path.join(app, 'out.txt'), 'utf8')).toBe('tool\n');
    expect(fs.readFileSync(path.join(app, 'uid.txt'), 'utf8')).toBe(`${uid}\n`);
    expect(fs.readFileSync(path.join(app, 'env.txt'), 'utf8')).toBe(
      'hello yes\n',
    );
    expect(fs.readFileSync(path.join(app, 'node.txt'), 'utf8')).toBe(
      `${process.version}\n`,
    );
    expect(fs.existsSync(path.join(app, 'tree', 'ignored.txt'))).toBe(false);
    expect(fs.statSync(path.join(app, 'tree', 'a.txt')).uid).toBe(uid);
    // Without --chown a COPY belongs to root, as in Docker.
    expect(fs.statSync(path.join(app, 'bundle.txt')).uid).toBe(
      process.getuid!(),
    );
    expect(fs.statSync(app).uid).toBe(uid);
    expect(followed.env).toEqual({
      PATH: `${path.join(
        dir,
        'rootfs',
        'home',
        'node',
        'bin',
      )}:${toolBin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: path.join(dir, 'rootfs', 'home', 'node'),
      GREETING: 'hello',
    });
    expect(followed.reports.map(r => `${r.step.line} ${r.step.kind}`)).toEqual([
      '2 system-packages',
      '3 user',
      '4 workdir',
      '5 copy',
      '6 copy',
      '7 env',
      '7 env',
      '8 run',
      '9 run',
    ]);
    expect(followed.reports[0].summary).toBe('not installed here (apt: libx)');
  });

  it('stops at a failing RUN and shows the end of its output', async () => {
    await expect(
      follow(
        [
          'FROM node:24',
          'USER node',
          'WORKDIR /app',
          'RUN echo first line && echo "it broke" >&2 && exit 3',
          'CMD ["node"]',
        ].join('\n'),
      ),
    ).rejects.toThrow(
      `Dockerfile line 4: \`echo first line && echo "it broke" >&2 && exit 3\` exited with 3. Its last lines (all in ${path.join(
        dir,
        'logs',
        'run-line-4.log',
      )}):\nfirst line\nit broke`,
    );
  });
});
