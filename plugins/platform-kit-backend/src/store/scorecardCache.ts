import crypto from 'node:crypto';
import { Knex } from 'knex';

/**
 * Scorecard answers kept in memory until ops.entities changes: a trigger
 * bumps `ops.entities_version` on every write, and each request compares it
 * (one primary-key read) before using a cached answer. Replicas each keep
 * their own cache and agree through the counter. Identical concurrent misses
 * share one computation.
 */
export class ScorecardCache {
  private readonly entries = new Map<
    string,
    { version: string; value: unknown }
  >();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly knex: Knex, private readonly maxEntries = 500) {}

  static keyOf(query: unknown): string {
    return crypto
      .createHash('sha1')
      .update(JSON.stringify(query))
      .digest('hex');
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    // Read before computing: a write during the computation leaves the entry under the old version.
    const { rows } = await this.knex.raw(
      'SELECT version FROM ops.entities_version',
    );
    const version = String(rows[0]?.version ?? 0);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value as T;
    }
    const flightKey = `${version}:${key}`;
    let pending = this.inFlight.get(flightKey) as Promise<T> | undefined;
    if (!pending) {
      pending = compute().finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, pending);
    }
    const value = await pending;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
