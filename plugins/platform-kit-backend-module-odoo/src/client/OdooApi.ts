/** An Odoo domain: `[field, operator, value]` leaves (implicitly and-ed). */
export type OdooDomain = [string, string, unknown][];

/** Paging and projection of a `search_read`. */
export interface SearchReadOptions {
  fields: string[];
  limit: number;
  offset: number;
  order: string;
}

/** The protocol-independent calls the connector makes. */
export interface OdooApi {
  readonly protocol: 'xmlrpc' | 'json2';
  /**
   * Proves the credentials work.
   * @throws {@link OdooAuthError} when Odoo refuses them.
   */
  authenticate(): Promise<Record<string, unknown>>;
  searchRead(
    model: string,
    domain: OdooDomain,
    options: SearchReadOptions,
  ): Promise<Record<string, unknown>[]>;
  searchCount(model: string, domain: OdooDomain): Promise<number>;
}

/** The login and key Odoo authenticates. */
export interface OdooCredentials {
  database: string;
  login: string;
  apiKey: string;
}
