import { Config, ConfigReader } from '@backstage/config';

/** Names a value's prototype answers to, which are no configuration keys. */
const NOT_KEYS = new Set(['constructor', 'length', 'then', 'toJSON']);

/** `value` (a copy) with every property read, also of nested values, recorded under `path`. */
function watched(value: unknown, path: string, reads: Set<string>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const copy = structuredClone(value) as Record<string, unknown>;
  return new Proxy(copy, {
    get(target, key, receiver) {
      const found = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || NOT_KEYS.has(key)) return found;
      const at = Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`;
      reads.add(at);
      return watched(found, at, reads);
    },
  });
}

/**
 * A `Config` that records the path of every key the code reads, present or
 * not: typed reads (`getOptionalNumber('x')`), sub-configs, and the
 * properties read of a whole value taken with `get()` (as zod reads every key
 * of its shape). Paths look like `platformKit.targets[0].github.token`.
 */
export class RecordingConfig implements Config {
  readonly reads: Set<string>;

  constructor(
    private readonly inner: Config,
    private readonly prefix = '',
    reads?: Set<string>,
  ) {
    this.reads = reads ?? new Set();
  }

  static of(data: Record<string, any>): RecordingConfig {
    return new RecordingConfig(new ConfigReader(data));
  }

  private at(key?: string): string {
    if (!key) return this.prefix;
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  private read<T>(key: string | undefined, value: T): T {
    this.reads.add(this.at(key));
    return value;
  }

  private child(key: string, config: Config): RecordingConfig {
    return new RecordingConfig(config, this.at(key), this.reads);
  }

  has(key: string) {
    return this.read(key, this.inner.has(key));
  }
  keys() {
    return this.inner.keys();
  }
  get<T>(key?: string): T {
    const at = this.at(key);
    this.reads.add(at);
    return watched(this.inner.get(key), at, this.reads) as T;
  }
  getOptional<T>(key?: string): T | undefined {
    const at = this.at(key);
    this.reads.add(at);
    return watched(this.inner.getOptional(key), at, this.reads) as
      | T
      | undefined;
  }
  getConfig(key: string) {
    return this.read(key, this.child(key, this.inner.getConfig(key)));
  }
  getOptionalConfig(key: string) {
    const config = this.inner.getOptionalConfig(key);
    return this.read(key, config && this.child(key, config));
  }
  getConfigArray(key: string) {
    return this.read(
      key,
      this.inner
        .getConfigArray(key)
        .map(
          (c, i) => new RecordingConfig(c, `${this.at(key)}[${i}]`, this.reads),
        ),
    );
  }
  getOptionalConfigArray(key: string) {
    return this.read(
      key,
      this.inner
        .getOptionalConfigArray(key)
        ?.map(
          (c, i) => new RecordingConfig(c, `${this.at(key)}[${i}]`, this.reads),
        ),
    );
  }
  getNumber(key: string) {
    return this.read(key, this.inner.getNumber(key));
  }
  getOptionalNumber(key: string) {
    return this.read(key, this.inner.getOptionalNumber(key));
  }
  getBoolean(key: string) {
    return this.read(key, this.inner.getBoolean(key));
  }
  getOptionalBoolean(key: string) {
    return this.read(key, this.inner.getOptionalBoolean(key));
  }
  getString(key: string) {
    return this.read(key, this.inner.getString(key));
  }
  getOptionalString(key: string) {
    return this.read(key, this.inner.getOptionalString(key));
  }
  getStringArray(key: string) {
    return this.read(key, this.inner.getStringArray(key));
  }
  getOptionalStringArray(key: string) {
    return this.read(key, this.inner.getOptionalStringArray(key));
  }
}
