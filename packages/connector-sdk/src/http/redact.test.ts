import {
  headerSecrets,
  redact,
  redactUrl,
  sensitiveQueryValues,
} from './redact';

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redact('key=abcd1234; again abcd1234', ['abcd1234'])).toBe(
      'key=[REDACTED]; again [REDACTED]',
    );
  });

  it('redacts URL-encoded, JSON-escaped and base64 forms', () => {
    const secret = 'p@ss w/rd+"x"';
    const text = [
      encodeURIComponent(secret),
      new URLSearchParams({ a: secret }).toString(),
      JSON.stringify({ secret }),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ].join(' | ');
    const out = redact(text, [secret]);
    expect(out).toBe(
      '[REDACTED] | a=[REDACTED] | {"secret":"[REDACTED]"} | [REDACTED] | [REDACTED]',
    );
  });

  it('removes a secret that contains another secret whole', () => {
    expect(redact('token-abcd-efgh', ['abcd', 'token-abcd-efgh'])).toBe(
      '[REDACTED]',
    );
  });

  it('ignores secrets shorter than 4 characters and empty text', () => {
    expect(redact('a bc def', ['a', 'bc', 'def', ''])).toBe('a bc def');
    expect(redact('', ['abcd'])).toBe('');
    expect(redact('nothing to hide', [])).toBe('nothing to hide');
  });

  it('replaces the password of every URL with credentials, known or not', () => {
    expect(
      redact(
        'cannot connect to postgresql://admin:s3cr%40t@db.example.com:5432/app',
      ),
    ).toBe(
      'cannot connect to postgresql://admin:[REDACTED]@db.example.com:5432/app',
    );
    expect(
      redact(
        'a postgres://u:p@h/db and https://x:token123@api.example.com',
        [],
      ),
    ).toBe(
      'a postgres://u:[REDACTED]@h/db and https://x:[REDACTED]@api.example.com',
    );
  });

  it('removes a known connection string whole, not only its password', () => {
    const url = 'postgresql://admin:s3cret@db.example.com/app';
    expect(redact(`no answer from ${url}`, [url])).toBe(
      'no answer from [REDACTED]',
    );
    expect(redact(url, ['s3cret'])).toBe(
      'postgresql://admin:[REDACTED]@db.example.com/app',
    );
  });

  it('leaves URLs without a password alone', () => {
    expect(redact('postgres://user@host:5432/db')).toBe(
      'postgres://user@host:5432/db',
    );
    expect(redact('https://api.supabase.com:443/v1/projects')).toBe(
      'https://api.supabase.com:443/v1/projects',
    );
    // A port and an `@` further on (options as JSON) is not a password.
    const options = JSON.stringify({
      baseUrl: 'http://127.0.0.1:8069',
      login: 'bot@example.com',
    });
    expect(redact(options)).toBe(options);
    expect(redact('see http://localhost:3000 or mail ops@example.com')).toBe(
      'see http://localhost:3000 or mail ops@example.com',
    );
  });

  it('treats regular-expression characters in secrets literally', () => {
    expect(redact('x.*+?^${}()|[]\\y and xzzzzy', ['x.*+?^${}()|[]\\y'])).toBe(
      '[REDACTED] and xzzzzy',
    );
  });
});

describe('redactUrl', () => {
  it('redacts sensitive query parameters by name, however short', () => {
    expect(
      redactUrl(
        'https://h/x?api_key=k1&page=2&access_token=abc&Password=pw&token=',
        [],
      ),
    ).toBe(
      'https://h/x?api_key=[REDACTED]&page=2&access_token=[REDACTED]&Password=[REDACTED]&token=[REDACTED]',
    );
  });

  it('redacts user info and given secrets anywhere in the URL', () => {
    expect(
      redactUrl('https://bob:s3cr3t!@h/t/tenant-secret/x', ['tenant-secret']),
    ).toBe('https://[REDACTED]@h/t/[REDACTED]/x');
  });

  it('treats a relative URL as plain text', () => {
    expect(redactUrl('/x?key=abcdef', ['abcdef'])).toBe('/x?key=[REDACTED]');
    expect(sensitiveQueryValues('/x?key=abcdef')).toEqual([]);
  });
});

describe('headerSecrets', () => {
  it('takes header values except public ones, and the credential of a scheme', () => {
    const basic = Buffer.from('admin:letmein').toString('base64');
    expect(
      headerSecrets({
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-N8N-API-KEY': 'n8n-key',
        Authorization: `Basic ${basic}`,
        Cookie: 'session=abc',
      }),
    ).toEqual([
      'n8n-key',
      `Basic ${basic}`,
      basic,
      'admin:letmein',
      'letmein',
      'session=abc',
    ]);
    expect(headerSecrets({ authorization: 'Bearer tok' })).toEqual([
      'Bearer tok',
      'tok',
    ]);
    expect(headerSecrets(undefined)).toEqual([]);
  });
});
