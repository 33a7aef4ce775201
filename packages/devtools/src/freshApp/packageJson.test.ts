import { fileResolutions, mergePackageJson, parseJsonc } from './packageJson';

describe('package.json excerpts', () => {
  it('parses JSON with // line comments and refuses anything else', () => {
    expect(parseJsonc('// package.json\n{ "a": 1 }', 'x')).toEqual({ a: 1 });
    expect(() => parseJsonc('{ a: 1 }', 'The block')).toThrow(
      /The block is not valid JSON/,
    );
    expect(() => parseJsonc('[1]', 'The block')).toThrow(/not a JSON object/);
  });

  it('merges objects deeply and writes two-space JSON with a newline', () => {
    const merged = mergePackageJson(
      '{"name":"root","resolutions":{"@types/react":"^18"},"workspaces":["packages/*"]}',
      {
        resolutions: { '@platform-kit/a': 'file:./p/a.tgz' },
        workspaces: ['x'],
      },
    );
    expect(JSON.parse(merged)).toEqual({
      name: 'root',
      resolutions: {
        '@types/react': '^18',
        '@platform-kit/a': 'file:./p/a.tgz',
      },
      workspaces: ['x'],
    });
    expect(merged.endsWith('}\n')).toBe(true);
    expect(merged).toContain('\n  "name": "root"');
  });

  it('lists the file: resolutions', () => {
    expect(
      fileResolutions({
        resolutions: { a: 'file:./p/a.tgz', b: '^1.0.0', c: 3 },
      }),
    ).toEqual({ a: './p/a.tgz' });
    expect(fileResolutions({})).toEqual({});
  });
});
