export interface Config {
  platformKit?: {
    targets?: Array<{
      /**
       * Options of a `kind: connector` target with `connector: n8n`
       * (checked at start-up by the n8n module).
       */
      options?: {
        /** Where n8n answers, e.g. `https://n8n.example.com` (a path prefix is kept). */
        baseUrl?: string;
        /**
         * An n8n API key (Settings, n8n API) with the scopes workflow:list,
         * workflow:read and tag:list.
         * @visibility secret
         */
        apiKey?: string;
        /** Workflows and tags per request, 1-250 (default 100). */
        pageSize?: number;
        /** Time allowed per request attempt, in ms (default 10 000). */
        timeoutMs?: number;
      };
    }>;
  };
}
