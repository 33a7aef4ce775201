import { parseNpmConfig, readNpmSettings } from './npmConfig';

describe('parseNpmConfig', () => {
  it('reads the registry and the cafile', () => {
    expect(
      parseNpmConfig(
        'registry=https://registry.invalid/\ncafile=/etc/ca.crt\n',
      ),
    ).toEqual({
      registry: 'https://registry.invalid/',
      cafile: '/etc/ca.crt',
    });
  });

  it('treats null and undefined as unset', () => {
    expect(
      parseNpmConfig('registry=https://registry.invalid/\ncafile=null\n'),
    ).toEqual({
      registry: 'https://registry.invalid/',
      cafile: undefined,
    });
  });

  it('needs a registry', () => {
    expect(() => parseNpmConfig('registry=undefined\n')).toThrow(
      "'npm config get registry' returned nothing: configure an npm registry.",
    );
  });
});

describe('readNpmSettings', () => {
  it("reads this machine's npm configuration", () => {
    expect(readNpmSettings().registry).toMatch(/^https?:\/\//);
  });
});
