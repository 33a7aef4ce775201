import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

type EntityRouteFunc = (params: {
  kind: string;
  namespace: string;
  name: string;
}) => string;

/**
 * The catalog's entity route. Falls back to the catalog's default path
 * (`/catalog/:namespace/:kind/:name`) when the app has not mounted it, so the
 * page still renders in apps without the catalog routes bound.
 */
function useEntityRoute(): EntityRouteFunc {
  try {
    // useRouteRef runs the same hooks before it throws, so the hook order is stable.
    return useRouteRef(entityRouteRef) as EntityRouteFunc;
  } catch {
    return ({ kind, namespace, name }) =>
      `/catalog/${namespace}/${kind}/${name}`;
  }
}

/** A link to an entity's catalog page, labelled with its title. */
export function EntityLink(props: { entityRef: string; title?: string }) {
  const route = useEntityRoute();
  let to: string | undefined;
  try {
    to = route(entityRouteParams(props.entityRef, { encodeParams: true }));
  } catch {
    to = undefined;
  }
  const label = props.title || props.entityRef;
  return to ? <Link to={to}>{label}</Link> : <>{label}</>;
}
