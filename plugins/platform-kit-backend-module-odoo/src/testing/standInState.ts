import { OrmTables } from './odooOrm';

/**
 * Ways to make the stand-in misbehave, to prove that contract tests catch it.
 *
 * @public
 */
export interface OdooStandInDefects {
  /** Accept any API key (authenticate never answers `false`, JSON-2 never 401). */
  acceptAnyKey?: boolean;
  /** Ignore `offset` in `search_read`, so every page repeats the first one. */
  ignoreOffset?: boolean;
}

/** What the protocol handlers share. */
export interface StandInState {
  major: number;
  database: string;
  login: string;
  apiKey: string;
  uid: number;
  tables: OrmTables;
  defects: OdooStandInDefects;
  /** Requests that broke the documented contract (our client's fault). */
  violations: string[];
  /** Answers the stand-in built that failed its own self-check (the stand-in's fault). */
  problems: string[];
}

/** An answer to write. */
export interface StandInResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `server_version_info` as Odoo reports it, e.g. `[17, 0, 0, 'final', 0, '']`. */
export function versionInfo(major: number): (number | string)[] {
  return [major, 0, 0, 'final', 0, ''];
}
