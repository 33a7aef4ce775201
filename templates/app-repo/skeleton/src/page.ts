/** What the home page shows. */
export interface PageContent {
  title: string;
  description: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    character => ENTITIES[character] ?? character,
  );
}

/** The complete HTML document of the home page. */
export function renderPage(content: PageContent): string {
  const title = escapeHtml(content.title);
  const description = escapeHtml(content.description);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="description" content="${description}">`,
    `<title>${title}</title>`,
    '</head>',
    '<body>',
    `<main><h1>${title}</h1><p>${description}</p></main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
