import { repoRoot } from '../postgres/repoPaths';
import {
  listPublishablePackages,
  listWorkspacePackages,
  tarballName,
} from './publishable';

describe('publishable packages', () => {
  it('are the non-private @platform-kit packages', () => {
    const root = repoRoot();
    const publishable = listPublishablePackages(root).map(p => p.name);
    expect(publishable).toEqual(
      expect.arrayContaining([
        '@platform-kit/cli',
        '@platform-kit/connector-sdk',
        '@platform-kit/plugin-platform-kit',
        '@platform-kit/plugin-platform-kit-backend',
        '@platform-kit/plugin-platform-kit-common',
        '@platform-kit/plugin-platform-kit-node',
      ]),
    );
    expect(publishable).not.toContain('@platform-kit/devtools');
    const all = listWorkspacePackages(root).map(p => p.name);
    expect(all).toEqual(expect.arrayContaining(['app', 'backend']));
    expect(listPublishablePackages(root)[0].relativeDir).toMatch(
      /^(packages|plugins)\/[\w-]+$/,
    );
  });

  it('name their tarballs as npm pack does', () => {
    expect(tarballName({ name: '@platform-kit/cli', version: '0.1.0' })).toBe(
      'platform-kit-cli-0.1.0.tgz',
    );
    expect(tarballName({ name: 'plain', version: '1.2.3' })).toBe(
      'plain-1.2.3.tgz',
    );
  });
});
