import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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

/**
 * The short name of an entity reference: `tasks-team` for
 * `group:default/tasks-team` when `defaultKind` is `group`; the kind and
 * namespace are kept when they differ from the defaults.
 */
export function shortEntityName(entityRef: string, defaultKind: string) {
  try {
    const ref = parseEntityRef(entityRef, {
      defaultKind,
      defaultNamespace: 'default',
    });
    const kind =
      ref.kind.toLocaleLowerCase('en-US') ===
      defaultKind.toLocaleLowerCase('en-US')
        ? ''
        : `${ref.kind.toLocaleLowerCase('en-US')}:`;
    const namespace = ref.namespace === 'default' ? '' : `${ref.namespace}/`;
    return `${kind}${namespace}${ref.name}`;
  } catch {
    return entityRef;
  }
}

/**
 * A link to an owner, system or domain labelled with its short name, the full
 * reference on hover. Short references (`tasks`) are read with `defaultKind`.
 */
export function ShortEntityLink(props: {
  entityRef: string | null | undefined;
  defaultKind: string;
}) {
  if (!props.entityRef) return <>—</>;
  let fullRef = props.entityRef;
  try {
    fullRef = stringifyEntityRef(
      parseEntityRef(props.entityRef, {
        defaultKind: props.defaultKind,
        defaultNamespace: 'default',
      }),
    );
  } catch {
    // Not an entity reference: shown as it is.
  }
  return (
    <span title={fullRef} style={{ whiteSpace: 'nowrap' }}>
      <EntityLink
        entityRef={fullRef}
        title={shortEntityName(props.entityRef, props.defaultKind)}
      />
    </span>
  );
}
