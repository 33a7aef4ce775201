/** One resolved package of a Yarn (berry) lockfile. */
export interface LockEntry {
  /** Package name, e.g. `@backstage/cli`. */
  name: string;
  version: string;
  /** The entry's text (key line and fields). */
  text: string;
}

/** `"@a/b@npm:^1.0.0, @a/b@npm:^1.1.0":` → `@a/b`. */
function nameOfKey(key: string): string {
  const first = key.replace(/^"/, '').split(',')[0].trim();
  const at = first.indexOf('@', first.startsWith('@') ? 1 : 0);
  return at === -1 ? first : first.slice(0, at);
}

/** The package entries of a lockfile (the `__metadata` entry left out). */
export function lockEntries(lockfile: string): LockEntry[] {
  return lockfile
    .split(/\n{2,}/)
    .filter(block => /^\S/.test(block) && !block.startsWith('#'))
    .filter(block => !block.startsWith('__metadata'))
    .map(block => {
      const version = /^ {2}version: "?([^"\n]+)"?$/m.exec(block);
      return {
        name: nameOfKey(block.split('\n')[0]),
        version: version ? version[1] : '',
        text: block,
      };
    });
}

/** A lockfile without the entries whose package name starts with `prefix`. */
export function withoutPackages(lockfile: string, prefix: string): string {
  const blocks = lockfile.split(/\n{2,}/);
  const kept = blocks.filter(
    block =>
      !(
        /^\S/.test(block) && nameOfKey(block.split('\n')[0]).startsWith(prefix)
      ),
  );
  return `${kept.join('\n\n').replace(/\n*$/, '')}\n`;
}

/** Numeric comparison of `x.y.z[-pre]` versions (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { parts: core.split('.').map(n => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d) return d;
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The versions each package with the prefix resolves to, highest first. */
export function versionsByName(
  lockfile: string,
  prefix: string,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const entry of lockEntries(lockfile)) {
    if (!entry.name.startsWith(prefix) || !entry.version) continue;
    const list = result.get(entry.name) ?? [];
    if (!list.includes(entry.version)) list.push(entry.version);
    result.set(entry.name, list);
  }
  for (const list of result.values())
    list.sort((a, b) => compareVersions(b, a));
  return result;
}
