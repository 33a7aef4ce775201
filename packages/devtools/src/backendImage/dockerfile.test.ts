import { parseDockerfile } from './dockerfile';

describe('parseDockerfile', () => {
  it('joins continuations, drops comments and blank lines, and keeps flags apart', () => {
    const instructions = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'FROM node:24-trixie-slim',
        '',
        'RUN --mount=type=cache,target=/var/cache/apt \\',
        '    # a comment inside the continuation',
        '    apt-get update && \\',
        '',
        '    apt-get install -y x',
        'copy --chown=node:node a b ./',
        'CMD ["node", "packages/backend"]',
      ].join('\n'),
    );
    expect(instructions).toEqual([
      {
        line: 2,
        keyword: 'FROM',
        flags: [],
        rest: 'node:24-trixie-slim',
        json: undefined,
      },
      {
        line: 4,
        keyword: 'RUN',
        flags: [{ name: 'mount', value: 'type=cache,target=/var/cache/apt' }],
        rest: 'apt-get update && apt-get install -y x',
        json: undefined,
      },
      {
        line: 9,
        keyword: 'COPY',
        flags: [{ name: 'chown', value: 'node:node' }],
        rest: 'a b ./',
        json: undefined,
      },
      {
        line: 10,
        keyword: 'CMD',
        flags: [],
        rest: '["node", "packages/backend"]',
        json: ['node', 'packages/backend'],
      },
    ]);
  });

  it('treats a bracketed argument that is not a JSON string array as shell form', () => {
    const [cmd] = parseDockerfile('CMD [not json]\n');
    expect(cmd.json).toBeUndefined();
    expect(parseDockerfile('CMD [1, 2]')[0].json).toBeUndefined();
  });

  it('keeps repeated flags and flags without a value', () => {
    const [run] = parseDockerfile('RUN --mount=a --mount=b --network echo hi');
    expect(run.flags).toEqual([
      { name: 'mount', value: 'a' },
      { name: 'mount', value: 'b' },
      { name: 'network', value: '' },
    ]);
    expect(run.rest).toBe('echo hi');
  });

  it('refuses a line that is not an instruction and a dangling continuation', () => {
    expect(() => parseDockerfile('FROM node:24\n--oops\n')).toThrow(
      'Dockerfile line 2 is not an instruction: --oops',
    );
    expect(() => parseDockerfile('FROM node:24\nRUN echo \\\n')).toThrow(
      'Dockerfile line 2 ends with a line continuation and no instruction follows.',
    );
  });
});
