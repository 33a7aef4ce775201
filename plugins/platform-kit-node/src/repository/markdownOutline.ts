import { Lexer, Token, Tokens } from 'marked';

/** A Markdown heading with the blocks up to the next heading of the same or a higher level. */
export interface MarkdownSection {
  /** 1 for `#`, 2 for `##` (and setext `---`), ... */
  depth: number;
  /** The heading as plain text, inline markup removed. */
  title: string;
  /** The blocks of the section, sub-sections included. */
  blocks: Token[];
}

/** Plain text of inline tokens: emphasis, code spans and links reduced to their text. */
export function plainText(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens || tokens.length === 0) return fallback;
  return tokens
    .map(token => {
      const nested = (token as { tokens?: Token[] }).tokens;
      if (nested && nested.length > 0) return plainText(nested);
      return 'text' in token && typeof token.text === 'string'
        ? token.text
        : '';
    })
    .join('');
}

/**
 * Parses Markdown (CommonMark with GitHub's extensions: tables, task lists)
 * and returns every heading's section, in document order.
 */
export function markdownSections(markdown: string): MarkdownSection[] {
  const blocks = new Lexer({ gfm: true }).lex(markdown);
  const sections: MarkdownSection[] = [];
  blocks.forEach((block, index) => {
    if (block.type !== 'heading') return;
    const heading = block as Tokens.Heading;
    const end = blocks.findIndex(
      (other, j) =>
        j > index &&
        other.type === 'heading' &&
        (other as Tokens.Heading).depth <= heading.depth,
    );
    sections.push({
      depth: heading.depth,
      title: plainText(heading.tokens, heading.text).trim(),
      blocks: blocks.slice(index + 1, end === -1 ? undefined : end),
    });
  });
  return sections;
}

/**
 * A heading's title reduced for comparison: lower case, single spaces, no
 * leading numbering (`1.`, `2)`, `A.`) and no trailing colon.
 */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:\d+|[a-z])[.)]\s+/, '')
    .replace(/\s*:$/, '');
}

/**
 * The first section of level 2 or deeper whose title is `name` or starts with
 * `name` followed by a word break ("Risks and mitigations" is a "Risks" section,
 * "Riskiness" is not).
 */
export function findSection(
  sections: MarkdownSection[],
  name: string,
): MarkdownSection | undefined {
  const wanted = normaliseTitle(name);
  return sections.find(section => {
    if (section.depth < 2) return false;
    const title = normaliseTitle(section.title);
    return (
      title === wanted ||
      (title.startsWith(wanted) &&
        /^[^a-z0-9]/.test(title.slice(wanted.length)))
    );
  });
}
