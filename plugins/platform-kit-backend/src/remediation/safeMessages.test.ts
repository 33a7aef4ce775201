import { ConfigReader } from '@backstage/config';
import { readAppSourceLimits } from './appSource';
import { isAppSourcePath } from '@platform-kit/plugin-platform-kit-node';
import { safeReadError, safeSourceUrl } from './safeMessages';

describe('messages about application sources', () => {
  it('keeps credentials, signed queries and fragments out of source URLs', () => {
    expect(
      safeSourceUrl(
        'https://bot:ghp_secret@github.example/acme/app/tree/main/?token=abc#top',
      ),
    ).toBe('https://github.example/acme/app/tree/main/');
    expect(safeSourceUrl('file:///etc/passwd')).toBeUndefined();
    expect(safeSourceUrl('not a url')).toBeUndefined();
  });

  it('turns errors into one line without tokens, credentials or stacks', () => {
    const error = new Error(
      'Request failed for https://user:pw@codeload.example/acme/app/legacy.tar.gz/abc?token=SIGNED, 404 Not Found\n    at fetch (node:internal)',
    );
    error.name = 'NotFoundError';
    expect(safeReadError(error)).toBe(
      'NotFoundError: Request failed for https://codeload.example/acme/app/legacy.tar.gz/abc, 404 Not Found',
    );
    expect(
      safeReadError(new Error('bad ghp_abcdef123456 and github_pat_XYZ_1')),
    ).toBe('bad ghp_… and github_pat_…');
    expect(safeReadError('tab\there')).toBe('tab here');
    expect(safeReadError(new Error('x'.repeat(400)))).toHaveLength(300);
  });

  it('searches source files outside dependency and build folders', () => {
    expect(isAppSourcePath('src/invite.ts')).toBe(true);
    expect(isAppSourcePath('app/lib/api.PY')).toBe(true);
    expect(isAppSourcePath('node_modules/x/index.js')).toBe(false);
    expect(isAppSourcePath('web/.next/server.js')).toBe(false);
    expect(isAppSourcePath('README.md')).toBe(false);
    expect(isAppSourcePath('Makefile')).toBe(false);
  });

  it('reads the limits from platformKit.remediation.appSource, refusing nonsense', () => {
    expect(readAppSourceLimits(new ConfigReader({}))).toEqual({
      enabled: true,
      maxBytes: 100 * 1024 * 1024,
      maxFiles: 20_000,
      timeoutMs: 60_000,
    });
    const config = (appSource: object) =>
      new ConfigReader({ platformKit: { remediation: { appSource } } });
    expect(
      readAppSourceLimits(
        config({
          enabled: false,
          maxMegabytes: 2,
          maxFiles: 10,
          timeoutSeconds: 5,
        }),
      ),
    ).toEqual({
      enabled: false,
      maxBytes: 2 * 1024 * 1024,
      maxFiles: 10,
      timeoutMs: 5000,
    });
    expect(() => readAppSourceLimits(config({ maxMegabytes: 0 }))).toThrow(
      'platformKit.remediation.appSource.maxMegabytes must be a positive number',
    );
  });
});
