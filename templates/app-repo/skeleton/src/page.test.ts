import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPage } from './page.js';

describe('renderPage', () => {
  it('renders the title and the description', () => {
    const html = renderPage({ title: 'Hello', description: 'A small site' });
    expect(html).toContain('<title>Hello</title>');
    expect(html).toContain('<h1>Hello</h1>');
    expect(html).toContain('<meta name="description" content="A small site">');
  });

  it('escapes markup in the content', () => {
    const html = renderPage({
      title: '<script>x</script>',
      description: 'a "quote"',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('content="a &quot;quote&quot;"');
  });
});

describe('escapeHtml', () => {
  it('leaves plain text alone', () => {
    expect(escapeHtml('plain text')).toBe('plain text');
  });
});
