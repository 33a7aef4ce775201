import { UserFacingError } from '../util/fail';

interface Section {
  key: string;
  /** Index of the `key:` line. */
  start: number;
  /** Index after the section's last line. */
  end: number;
}

const TOP_KEY = /^([A-Za-z_$][\w$-]*):(.*)$/;
const CHILD_KEY = /^ {2}([A-Za-z_$][\w$-]*):/;

/** The top-level mapping keys of a YAML document and the lines each spans. */
function topLevelSections(lines: string[]): Section[] {
  const sections: Section[] = [];
  lines.forEach((line, index) => {
    const match = TOP_KEY.exec(line);
    if (!match) return;
    if (sections.length) sections[sections.length - 1].end = index;
    sections.push({ key: match[1], start: index, end: lines.length });
  });
  // Trailing blank and comment lines belong to no section.
  for (const s of sections) {
    while (s.end > s.start + 1 && /^\s*(#.*)?$/.test(lines[s.end - 1])) s.end--;
  }
  return sections;
}

/** The direct children (`  key:`) of a section, each with its lines. */
function childBlocks(lines: string[], section: Section) {
  const children: { key: string; lines: string[] }[] = [];
  for (let i = section.start + 1; i < section.end; i++) {
    const match = CHILD_KEY.exec(lines[i]);
    if (match) children.push({ key: match[1], lines: [lines[i]] });
    else if (children.length)
      children[children.length - 1].lines.push(lines[i]);
  }
  return children;
}

/**
 * Adds a config snippet to an `app-config*.yaml` the way a person edits it:
 * a top-level key the file lacks is appended; under a top-level key it has,
 * each second-level key it lacks is inserted. A key present at both levels
 * is a conflict (the snippet would replace the user's settings), reported
 * with its path, unless it holds exactly the snippet's lines (applied before). Both documents use two-space indentation, as Backstage's do.
 */
export function mergeYamlConfig(existing: string, snippet: string): string {
  const lines = existing.replace(/\n*$/, '').split('\n');
  const add = snippet.replace(/\n*$/, '').split('\n');
  const present = topLevelSections(lines);
  const appended: string[] = [];
  const inserts: { after: number; lines: string[] }[] = [];
  for (const section of topLevelSections(add)) {
    const target = present.find(s => s.key === section.key);
    const sectionLines = add.slice(section.start, section.end);
    if (!target) {
      appended.push('', ...sectionLines);
      continue;
    }
    if (TOP_KEY.exec(lines[target.start])![2].trim().replace(/#.*/, '')) {
      throw new UserFacingError(
        `Cannot merge \`${section.key}\`: the file sets it to a value on one line.`,
      );
    }
    const have = new Map(
      childBlocks(lines, target).map(c => [
        c.key,
        c.lines.join('\n').trimEnd(),
      ]),
    );
    for (const child of childBlocks(add, section)) {
      // Done before: the same settings are there already.
      if (have.get(child.key) === child.lines.join('\n').trimEnd()) continue;
      if (have.has(child.key)) {
        throw new UserFacingError(
          `Cannot merge \`${section.key}.${child.key}\`: the file already sets it.`,
        );
      }
      inserts.push({ after: target.start, lines: child.lines });
    }
  }
  // Bottom-up, so earlier indexes stay valid; same place: last first.
  const ordered = inserts
    .map((insert, order) => ({ ...insert, order }))
    .sort((a, b) => b.after - a.after || b.order - a.order);
  for (const insert of ordered) {
    lines.splice(insert.after + 1, 0, ...insert.lines);
  }
  return `${[...lines, ...appended].join('\n')}\n`;
}

/** `${NAME}` substitutions a config snippet needs from the environment. */
export function environmentReferences(yaml: string): string[] {
  const names = new Set<string>();
  for (const line of yaml.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g))
      names.add(m[1]);
  }
  return [...names].sort();
}
