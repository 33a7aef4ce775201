import { PROFILE_ANNOTATIONS } from '@platform-kit/plugin-platform-kit-common';
import { TargetConfig } from '../service/targetsConfig';

/** What a repository target looks like to profiles until the catalog says otherwise. */
export const REPOSITORY_STAND_IN = { kind: 'Component', metadata: {} };

/** What a configured target looks like to profiles until the catalog says otherwise. */
export function standInEntity(t: TargetConfig) {
  if (t.kind === 'repository') return REPOSITORY_STAND_IN;
  if (t.kind === 'connector')
    return {
      kind: 'Resource',
      metadata: { annotations: { [PROFILE_ANNOTATIONS.connector]: t.id } },
    };
  return {
    kind: 'Resource',
    metadata: {},
    spec: { type: 'supabase-project' },
  };
}
