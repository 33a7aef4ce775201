import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { platformKitApiRef } from '../../api/PlatformKitApi';

/** The current entity's parity, with a retry to reload it. */
export function useEntityParity() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(platformKitApiRef);
  const state = useAsyncRetry(() => api.getParity(entityRef), [api, entityRef]);
  return { entityRef, ...state };
}
