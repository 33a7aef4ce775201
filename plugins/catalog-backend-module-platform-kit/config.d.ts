import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Platform Kit entity providers: entities from the Platform Kit control
       * plane (backend plugin `platform-kit`).
       */
      platformKit?: {
        /**
         * How often every provider of this module refreshes (the catalog's
         * scheduler). Default: every 10 minutes, 15 minute timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Each `supabase-project` target becomes a Resource of type
         * `supabase-project`; with `schemas`, each exposed schema a Resource
         * of type `database-schema`.
         */
        supabase?: {
          /** Owner (group or user entity ref) of the projects and schemas. */
          owner: string;
          /** System (entity ref) the projects and schemas belong to. */
          system?: string;
          /** Also ingest the exposed schemas of each project. Default false. */
          schemas?: boolean;
        };
        /** One provider per connector target of the control plane. */
        connectors?: Array<{
          /** The control plane's connector target id, e.g. `n8n-prod`. */
          id: string;
          /** Owner (group or user entity ref) when the source's owner does not map. */
          owner: string;
          /** System (entity ref) the connector's entities are part of. */
          system?: string;
          /** Namespace of the entities. Default `default`. */
          namespace?: string;
          /** Source owner (as the source names it) → owner entity ref. */
          owners?: { [sourceOwner: string]: string };
        }>;
      };
    };
  };
}
