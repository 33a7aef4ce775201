import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { PROFILE_ANNOTATIONS } from '@platform-kit/plugin-platform-kit-common';

/**
 * The annotations Platform Kit sets on the entities it ingests.
 *
 * @public
 */
export const ANNOTATIONS = {
  /** The control plane's connector target id (parity: `integration.*`). */
  connector: PROFILE_ANNOTATIONS.connector,
  /** The connector kind (`n8n`, `superset`, `odoo`, ...). */
  connectorKind: 'platform-kit.dev/connector-kind',
  /** The item's id in the source. */
  sourceId: 'platform-kit.dev/source-id',
  /** The item's type in the source (`workflow`, `dashboard`, ...). */
  sourceType: 'platform-kit.dev/source-type',
  /** The control plane's target id of a Supabase project (and its schemas). */
  target: 'platform-kit.dev/target',
  /** The schema name of a `database-schema` Resource. */
  schema: 'platform-kit.dev/schema',
} as const;

/** `backstage.io/managed-by-location` and `-origin-location` for a provider location. */
export function locationAnnotations(location: string): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}

/** The location of a connector's entities: `platform-kit-connector:<id>`. */
export const connectorLocation = (connectorId: string) =>
  `platform-kit-connector:${connectorId}`;

/** The location of the Supabase provider's entities. */
export const SUPABASE_LOCATION = 'platform-kit-supabase:targets';
