import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { entitySignalChannel } from '@platform-kit/plugin-platform-kit-common';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';

/** The current entity's parity, reloaded when the control plane signals a re-evaluation; with a retry. */
export function useEntityParity() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(platformKitApiRef);
  const { version } = useLiveRefresh(entitySignalChannel(entityRef), {
    accept: message => message.type === 'parity',
  });
  const state = useAsyncRetry(
    () => api.getParity(entityRef),
    [api, entityRef, version],
  );
  return { entityRef, ...state };
}
