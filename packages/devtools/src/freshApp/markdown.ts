/** A fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The info string's first word, e.g. `sh`, `tsx`, `yaml`. */
  lang: string;
  /** The text of a first-line comment (`# ...` or `// ...`), if the block has one. */
  comment?: string;
  /** The block's text without the first-line comment. */
  body: string;
  /** The nearest heading above the block (without the `#`s). */
  heading: string;
  /** 1-based line of the opening fence. */
  line: number;
}

const FENCE = /^(\s*)(```+|~~~+)\s*([^\s`]*)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const COMMENT = /^\s*(?:#|\/\/)\s?(.*)$/;

/** Every fenced code block with the heading it is under. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]);
    if (!fence) {
      const h = HEADING.exec(lines[i]);
      if (h) heading = h[2];
      continue;
    }
    const [, indent, marker, lang] = fence;
    const start = i;
    const content: string[] = [];
    for (i++; i < lines.length; i++) {
      if (lines[i].trim().startsWith(marker[0].repeat(marker.length))) break;
      content.push(
        lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i],
      );
    }
    const first = COMMENT.exec(content[0] ?? '');
    blocks.push({
      lang: lang.toLowerCase(),
      comment: first ? first[1].trim() : undefined,
      body: (first ? content.slice(1) : content).join('\n'),
      heading,
      line: start + 1,
    });
  }
  return blocks;
}

/**
 * The part of a document from the heading whose text starts with `title`
 * (any level) to the next heading of the same or a higher level.
 */
export function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  let inFence = false;
  let level = 0;
  const out: string[] = [];
  for (const line of lines) {
    if (FENCE.test(line)) inFence = !inFence;
    const h = inFence ? null : HEADING.exec(line);
    if (level === 0) {
      if (h && h[2].startsWith(title)) {
        level = h[1].length;
        out.push(line);
      }
      continue;
    }
    if (h && h[1].length <= level) break;
    out.push(line);
  }
  return out.join('\n');
}
