import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import {
  importedPackages,
  legacyFiles,
  quickstartSteps,
  quickstartTarget,
} from './quickstartSteps';

const doc = (name: string) =>
  fs.readFileSync(path.join(repoRoot(), 'docs', name), 'utf8');

describe("docs/quickstart.md's install sections, as the fresh-app check reads them", () => {
  const steps = quickstartSteps(doc('quickstart.md'));

  it('pack in the repository, resolutions, yarn add, backend and app code, config', () => {
    expect(
      steps.map(s => (s.kind === 'shell' ? `shell:${s.where}` : s.kind)),
    ).toEqual([
      'shell:repository',
      'package-json',
      'shell:app',
      'backend-index',
      'app-features',
      'config',
      'config',
      'config',
    ]);
    const configs = steps.flatMap(s => (s.kind === 'config' ? [s.file] : []));
    expect(configs).toEqual([
      'app-config.local.yaml',
      'app-config.yaml',
      'app-config.yaml',
    ]);
  });

  it('configures a target whose connection string comes from a variable', () => {
    expect(quickstartTarget(steps)).toEqual({
      entityRef: 'resource:default/shop-db',
      connectionVariable: 'SHOP_DB_URL',
    });
  });

  it('names a resolution for every publishable package but the CLI', () => {
    const json = steps.find(s => s.kind === 'package-json');
    const names = Object.keys(
      JSON.parse(json && json.kind === 'package-json' ? json.json : '{}')
        .resolutions,
    );
    const packages = ['packages', 'plugins'].flatMap(folder =>
      fs
        .readdirSync(path.join(repoRoot(), folder))
        .map(dir => path.join(repoRoot(), folder, dir, 'package.json'))
        .filter(file => fs.existsSync(file))
        .map(file => JSON.parse(fs.readFileSync(file, 'utf8')))
        .filter(p => p.name.startsWith('@platform-kit/') && !p.private)
        .map(p => p.name as string),
    );
    expect(names.sort()).toEqual(
      packages.filter(n => n !== '@platform-kit/cli').sort(),
    );
  });
});

describe("docs/frontend.md's legacy example", () => {
  it('is three files of a legacy app', () => {
    const files = legacyFiles(doc('frontend.md'));
    expect(files.map(f => f.path)).toEqual([
      'components/catalog/EntityPage.tsx',
      'App.tsx',
      'components/Root/Root.tsx',
    ]);
    expect(importedPackages(files.map(f => f.code).join('\n'))).toEqual([
      '@backstage/app-defaults',
      '@backstage/core-app-api',
      '@backstage/core-components',
      '@backstage/plugin-catalog',
      '@backstage/plugin-scaffolder',
      '@material-ui/core',
      '@material-ui/icons',
      '@platform-kit/plugin-platform-kit',
      'react-router-dom',
    ]);
  });
});

describe('a quickstart the check cannot follow', () => {
  it('says which section or step is missing', () => {
    expect(() => quickstartSteps('# Quickstart\n')).toThrow(
      /has no section "2. Install/,
    );
    const withoutCode = [
      '## 2. Install the plugins into an existing Backstage app',
      '```sh\n# in your Backstage app\nyarn add x\n```',
      '## 3. Connect a Supabase project',
      'text',
    ].join('\n');
    expect(() => quickstartSteps(withoutCode)).toThrow(
      /no `\/\/ packages\/backend\/src\/index.ts` block/,
    );
    expect(() => quickstartTarget([])).toThrow(
      /no `platformKit.targets` entry/,
    );
    expect(() => legacyFiles('## Legacy frontend system\n')).toThrow(
      /no `\/\/ packages\/app\/src/,
    );
  });

  it('reads only blocks that say where they go', () => {
    const text = [
      '## 2. Install the plugins into an existing Backstage app',
      '```sh\n# in your Backstage app\nyarn add x\n```',
      '```sh\nyarn nothing\n```',
      '```ts\n// packages/backend/src/index.ts\nbackend.add(x);\n```',
      '```tsx\n// packages/app/src/App.tsx\ncreateApp({ features: [x] });\n```',
      '```tsx\n// packages/app/src/App.tsx (legacy frontend system)\n```',
      '```yaml\n# catalog-info.yaml\nkind: Resource\n```',
      '```yml\n# app-config.yaml\na: 1\n```',
      '```json\n{}\n```',
      '```text\nplain\n```',
      '## 3. Connect a Supabase project',
      '```bash\n# in your clone of this repository\n./kit pack:all\n```',
    ].join('\n');
    expect(quickstartSteps(text).map(s => s.kind)).toEqual([
      'shell',
      'backend-index',
      'app-features',
      'config',
      'shell',
    ]);
  });
});
