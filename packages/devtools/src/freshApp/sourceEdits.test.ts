import {
  addAppFeatures,
  addBackendFeatures,
  importStatements,
} from './sourceEdits';

const BACKEND = `import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));

backend.start();
`;

const SNIPPET = `backend.add(import('@platform-kit/plugin-platform-kit-backend'));
backend.add(
  import('@platform-kit/plugin-scaffolder-backend-module-platform-kit'),
);
// optional connectors: -backend-module-n8n
`;

describe('addBackendFeatures', () => {
  it('inserts the statements before backend.start() once', () => {
    const once = addBackendFeatures(BACKEND, SNIPPET);
    expect(once)
      .toBe(`import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@platform-kit/plugin-platform-kit-backend'));
backend.add(
  import('@platform-kit/plugin-scaffolder-backend-module-platform-kit'),
);

backend.start();
`);
    expect(addBackendFeatures(once, SNIPPET)).toBe(once);
  });

  it('refuses a file without backend.start()', () => {
    expect(() => addBackendFeatures('const x = 1;\n', SNIPPET)).toThrow(
      /no `backend.start\(\);` line/,
    );
  });
});

const APP = `import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, navModule],
});
`;

const APP_SNIPPET = `import platformKitPlugin from '@platform-kit/plugin-platform-kit/alpha';

export default createApp({
  features: [catalogPlugin, platformKitPlugin /* ... */],
});
`;

describe('addAppFeatures', () => {
  it('adds the import after the last one and the feature to the list, once', () => {
    const once = addAppFeatures(APP, APP_SNIPPET);
    expect(once).toBe(`import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import platformKitPlugin from '@platform-kit/plugin-platform-kit/alpha';

export default createApp({
  features: [catalogPlugin, navModule, platformKitPlugin],
});
`);
    expect(addAppFeatures(once, APP_SNIPPET)).toBe(once);
  });

  it('explains a snippet or an app without a features list', () => {
    expect(() => addAppFeatures(APP, 'import x from "y";')).toThrow(
      /snippet has no/,
    );
    expect(() => addAppFeatures('export default 1;\n', APP_SNIPPET)).toThrow(
      /App.tsx has no `createApp/,
    );
  });

  it('adds imports to a file that has none', () => {
    expect(addAppFeatures('createApp({ features: [] });\n', APP_SNIPPET)).toBe(
      "import platformKitPlugin from '@platform-kit/plugin-platform-kit/alpha';\ncreateApp({ features: [catalogPlugin, platformKitPlugin] });\n",
    );
  });
});

describe('importStatements', () => {
  it('finds single- and multi-line imports, not commented ones', () => {
    expect(
      importStatements(
        "import a from 'a';\n// import b from 'b';\nimport {\n  c,\n} from 'c';\n",
      ),
    ).toEqual(["import a from 'a';", "import {\n  c,\n} from 'c';"]);
  });
});
