export interface Config {
  platformKit?: {
    targets?: Array<{
      /**
       * Options of a `kind: connector` target with `connector: odoo`
       * (checked at start-up by the Odoo module).
       */
      options?: {
        /** e.g. `https://mycompany.odoo.com`. */
        baseUrl?: string;
        /** The Odoo database name. */
        database?: string;
        /** The login of the (bot) user the API key belongs to. */
        login?: string;
        /**
         * An Odoo API key (Preferences, Account Security).
         * @visibility secret
         */
        apiKey?: string;
        /** `xmlrpc`, `json2` (Odoo 19+) or `auto` (default). */
        protocol?: 'xmlrpc' | 'json2' | 'auto';
        /** Records per `search_read` call (default 500). */
        pageSize?: number;
        /** Time allowed per HTTP attempt, in ms (default 30 000). */
        timeoutMs?: number;
        /** Extra attempts on 429, 5xx and network errors (default 3). */
        retries?: number;
      };
    }>;
  };
}
