import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import { parseDockerfile } from './dockerfile';
import {
  aptPackages,
  imageHome,
  parseBaseImage,
  parseEnv,
  planImage,
} from './plan';

const plan = (text: string) => planImage(parseDockerfile(text));

const MINIMAL = [
  'FROM node:24-trixie-slim',
  'USER node',
  'WORKDIR /app',
  'COPY --chown=node:node a.txt ./',
  'RUN echo hi',
  'CMD ["node", "."]',
];

function withLine(index: number, line: string) {
  const lines = [...MINIMAL];
  lines.splice(index, 0, line);
  return lines.join('\n');
}

describe('planImage on the repository Dockerfile', () => {
  const dockerfile = fs.readFileSync(
    path.join(repoRoot(), 'packages/backend/Dockerfile'),
    'utf8',
  );
  const result = plan(dockerfile);

  it('starts the backend bundle with both configs as node, on a Node.js image', () => {
    expect(result.base.reference).toMatch(/^node:\d+/);
    expect(result.base.nodeMajor).toBeGreaterThanOrEqual(22);
    expect(result.cmd).toEqual([
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
    expect(result.cmdUser).toBe('node');
  });

  it('copies the build output and installs production dependencies', () => {
    const sources = result.steps.flatMap(step =>
      step.kind === 'copy' ? step.sources : [],
    );
    expect(sources).toEqual(
      expect.arrayContaining([
        'yarn.lock',
        'package.json',
        'packages/backend/dist/skeleton.tar.gz',
        'packages/backend/dist/bundle.tar.gz',
        'app-config*.yaml',
      ]),
    );
    const runs = result.steps.flatMap(step =>
      step.kind === 'run' ? [step.command] : [],
    );
    expect(
      runs.some(run =>
        run.includes('yarn workspaces focus --all --production'),
      ),
    ).toBe(true);
  });
});

describe('planImage', () => {
  it('follows USER, WORKDIR, ENV, COPY, RUN and CMD in order', () => {
    const result = plan(
      [
        'FROM docker.io/library/node:22',
        'RUN apt-get update && apt-get install -y --no-install-recommends a b && rm -rf /var/lib/apt/lists/*',
        'USER node:node',
        'WORKDIR /app',
        'WORKDIR sub',
        'ENV A=1 B="two words"',
        'ENV LEGACY some value',
        'COPY --chown=node a.txt b/ ../',
        'COPY ["c.txt", "d.txt"]',
        'RUN --mount=type=cache,target=/home/node/.cache echo "$HOME"',
        'EXPOSE 7007',
        'LABEL x=y',
        'CMD node index.js',
      ].join('\n'),
    );
    expect(result.base).toEqual({
      reference: 'docker.io/library/node:22',
      nodeMajor: 22,
    });
    expect(result.steps.map(({ line, ...step }) => step)).toEqual([
      { kind: 'system-packages', packages: ['a', 'b'] },
      { kind: 'user', name: 'node' },
      { kind: 'workdir', path: '/app' },
      { kind: 'workdir', path: '/app/sub' },
      { kind: 'env', name: 'A', value: '1' },
      { kind: 'env', name: 'B', value: 'two words' },
      { kind: 'env', name: 'LEGACY', value: 'some value' },
      { kind: 'copy', sources: ['a.txt', 'b/'], dest: '/app/', chown: true },
      {
        kind: 'copy',
        sources: ['c.txt'],
        dest: '/app/sub/d.txt',
        chown: false,
      },
      { kind: 'run', command: 'echo "$HOME"' },
    ]);
    expect(result.cmd).toEqual(['/bin/sh', '-c', 'node index.js']);
  });

  it.each([
    [
      'another base image',
      MINIMAL.join('\n').replace('node:24-trixie-slim', 'debian:trixie'),
      'Dockerfile line 1 (FROM): the base image is not node:<major>[-variant]',
    ],
    [
      'ADD',
      withLine(4, 'ADD x.tar.gz ./'),
      'Dockerfile line 5 (ADD): this instruction is not followed',
    ],
    [
      'a multi-stage COPY',
      withLine(4, 'COPY --from=build /app ./'),
      'Dockerfile line 5 (COPY): --from is not followed',
    ],
    [
      'a COPY owned by another user',
      withLine(4, 'COPY --chown=root:root a ./'),
      'Dockerfile line 5 (COPY): --chown=root:root names another user than USER node',
    ],
    [
      'a COPY from outside the context',
      withLine(4, 'COPY ../secret ./'),
      'Dockerfile line 5 (COPY): the source ../secret is not inside the build context',
    ],
    [
      'a COPY without destination',
      withLine(4, 'COPY a'),
      'Dockerfile line 5 (COPY): needs a source and a destination',
    ],
    [
      'a root RUN that is not apt',
      withLine(1, 'RUN curl -o /usr/bin/x https://example.invalid/x'),
      'Dockerfile line 2 (RUN): a RUN as root is followed only when it installs apt packages',
    ],
    [
      'a RUN naming the image folders',
      withLine(4, 'RUN cp /app/a /home/node/b'),
      'Dockerfile line 5 (RUN): it names /app, /home/node; use paths relative to WORKDIR or $HOME',
    ],
    [
      'a RUN in exec form',
      withLine(4, 'RUN ["echo", "hi"]'),
      'Dockerfile line 5 (RUN): the exec form of RUN is not followed',
    ],
    [
      'a secret mount',
      withLine(4, 'RUN --mount=type=secret,id=npm echo'),
      'Dockerfile line 5 (RUN): --mount=type=secret,id=npm is not followed (cache mounts are)',
    ],
    [
      'an unreadable ENV',
      withLine(4, 'ENV A=1 =2'),
      'Dockerfile line 5 (ENV): cannot read "=2"',
    ],
    ['no CMD', MINIMAL.slice(0, -1).join('\n'), 'The Dockerfile has no CMD'],
    [
      'no FROM first',
      MINIMAL.slice(1).join('\n'),
      'The Dockerfile must start with FROM',
    ],
  ])('refuses %s', (_, text, message) => {
    expect(() => plan(text)).toThrow(message);
  });

  it('says how to teach it what it refuses', () => {
    expect(() => plan(withLine(4, 'ARG X'))).toThrow(
      'teach packages/devtools/src/backendImage/plan.ts to follow it.',
    );
  });
});

describe('parseBaseImage', () => {
  it.each([
    ['node:24-trixie-slim', 24],
    ['node:24', 24],
    ['node:22.11.0-bookworm', 22],
    ['library/node:26@sha256:abc123', 26],
    ['node:lts', undefined],
    ['mynode:24', undefined],
  ])('%s → %s', (reference, major) => {
    expect(parseBaseImage(reference)?.nodeMajor).toBe(major);
  });
});

describe('aptPackages', () => {
  it('lists the packages an apt RUN installs', () => {
    expect(
      aptPackages(
        'apt-get update && apt-get install -y --no-install-recommends a b',
      ),
    ).toEqual(['a', 'b']);
  });

  it('refuses anything else', () => {
    expect(aptPackages('apt-get update')).toBeUndefined();
    expect(aptPackages('apt-get remove a')).toBeUndefined();
    expect(aptPackages('apt-get install a && make install')).toBeUndefined();
  });
});

describe('parseEnv and imageHome', () => {
  it('reads quoted values', () => {
    expect(parseEnv(`A="x \\"y\\"" B='z w' C=`)).toEqual([
      { name: 'A', value: 'x "y"' },
      { name: 'B', value: 'z w' },
      { name: 'C', value: '' },
    ]);
  });

  it('knows where root and other users live', () => {
    expect(imageHome('root')).toBe('/root');
    expect(imageHome('node')).toBe('/home/node');
  });
});
