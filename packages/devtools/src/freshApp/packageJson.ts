import { UserFacingError } from '../util/fail';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with `//` line comments, as the docs show package.json excerpts. */
export function parseJsonc(text: string, what: string): Json {
  const json = text
    .split('\n')
    .filter(line => !/^\s*\/\//.test(line))
    .join('\n');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UserFacingError(
      `${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (!isObject(value))
    throw new UserFacingError(`${what} is not a JSON object.`);
  return value;
}

function deepMerge(target: Json, source: Json): Json {
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(source)) {
    result[key] =
      isObject(value) && isObject(result[key])
        ? deepMerge(result[key] as Json, value)
        : value;
  }
  return result;
}

/** A package.json with an excerpt (e.g. `{ "resolutions": {...} }`) merged in, formatted as Yarn writes it. */
export function mergePackageJson(existing: string, excerpt: Json): string {
  return `${JSON.stringify(
    deepMerge(parseJsonc(existing, 'package.json'), excerpt),
    null,
    2,
  )}\n`;
}

/** `file:` targets of a package.json's `resolutions`, by package name. */
export function fileResolutions(manifest: Json): Record<string, string> {
  const resolutions = isObject(manifest.resolutions)
    ? manifest.resolutions
    : {};
  return Object.fromEntries(
    Object.entries(resolutions)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .filter(([, target]) => target.startsWith('file:'))
      .map(([name, target]) => [name, target.slice('file:'.length)]),
  );
}
