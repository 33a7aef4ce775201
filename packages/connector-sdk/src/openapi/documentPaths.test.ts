import { resolveLocalRef, serverBasePath } from './documentPaths';

describe('resolveLocalRef', () => {
  const document = {
    components: {
      schemas: { Item: { type: 'object' } },
      responses: { 'a/b~c': { description: 'escaped' } },
    },
  };

  it('follows a local JSON pointer, escapes decoded', () => {
    expect(resolveLocalRef(document, '#/components/schemas/Item')).toEqual({
      type: 'object',
    });
    expect(resolveLocalRef(document, '#/components/responses/a~1b~0c')).toEqual(
      { description: 'escaped' },
    );
  });

  it('answers undefined for what does not resolve or is not local', () => {
    expect(resolveLocalRef(document, '#/components/schemas/None')).toBe(
      undefined,
    );
    expect(resolveLocalRef(document, '#/components/schemas/Item/type/x')).toBe(
      undefined,
    );
    expect(resolveLocalRef(document, 'other.yaml#/x')).toBeUndefined();
  });
});

describe('serverBasePath', () => {
  it('keeps the path of a server URL without a trailing slash', () => {
    expect(serverBasePath('https://n8n.example.com/api/v1/')).toBe('/api/v1');
    expect(serverBasePath('{baseUrl}/api/v1')).toBe('/api/v1');
    expect(serverBasePath('/')).toBe('');
    expect(serverBasePath('https://api.supabase.com')).toBe('');
  });
});
