import { environmentReferences, mergeYamlConfig } from './yamlMerge';

const CONFIG = `app:
  title: Scaffolded Backstage App
    # - page:catalog:

backend:
  baseUrl: http://localhost:7007

catalog:
  rules:
    - allow: [Component]
  locations: []

kubernetes:
  # see the docs
`;

describe('mergeYamlConfig', () => {
  it('appends a new top-level key', () => {
    expect(mergeYamlConfig(CONFIG, 'platformKit:\n  targets: []\n')).toBe(
      `${CONFIG}\nplatformKit:\n  targets: []\n`,
    );
  });

  it('inserts new second-level keys under an existing top-level key, in order', () => {
    const merged = mergeYamlConfig(
      CONFIG,
      'catalog:\n  providers:\n    platformKit:\n      supabase:\n        owner: group:a\n  import:\n    x: 1\nkubernetes:\n  serviceLocatorMethod: multiTenant\n',
    );
    expect(merged).toContain(
      'catalog:\n  providers:\n    platformKit:\n      supabase:\n        owner: group:a\n  import:\n    x: 1\n  rules:',
    );
    expect(merged).toContain(
      'kubernetes:\n  serviceLocatorMethod: multiTenant\n  # see the docs',
    );
  });

  it('refuses to replace a second-level key or a scalar', () => {
    expect(() => mergeYamlConfig(CONFIG, 'backend:\n  baseUrl: x\n')).toThrow(
      /`backend.baseUrl`: the file already sets it/,
    );
    expect(() => mergeYamlConfig('a: 1\n', 'a:\n  b: 2\n')).toThrow(
      /value on one line/,
    );
  });
});

describe('environmentReferences', () => {
  it('lists the ${VAR}s outside comments', () => {
    expect(
      environmentReferences('a: ${B}\n# c: ${C}\nd: x${A}y ${B}\n'),
    ).toEqual(['A', 'B']);
  });
});

describe('applying a snippet twice', () => {
  it('leaves the file as the first time left it', () => {
    const snippet =
      'catalog:\n  providers:\n    platformKit:\n      supabase:\n        owner: group:a\nplatformKit:\n  targets: []\n';
    const once = mergeYamlConfig(CONFIG, snippet);
    expect(mergeYamlConfig(once, snippet)).toBe(once);
  });
});
