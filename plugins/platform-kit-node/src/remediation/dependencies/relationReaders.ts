import {
  Inventory,
  PatchDependant,
} from '@platform-kit/plugin-platform-kit-common';
import { AppCallers } from '../appCallers/types';
import { display, inventoryIndex } from '../builders/common';

/** Who reads a view (or table) through the Data API, as far as we can tell. */
export interface RelationReaders {
  /** False when no application source was searched: nothing tells whether the app reads it. */
  known: boolean;
  /** The application's `.from('<name>')` calls. */
  appCalls: { path: string; line: number }[];
  /** Views the API roles can select that read it. */
  views: { schema: string; name: string; roles: string[] }[];
}

/**
 * The application's calls of a relation and the API-readable views over it:
 * a fix that changes what the relation returns to the API roles (a revoke,
 * security_invoker) changes it for them.
 */
export function relationReaders(
  inventory: Inventory,
  schema: string,
  name: string,
  appCallers: AppCallers | undefined,
): RelationReaders {
  const index = inventoryIndex(inventory);
  const views = inventory.viewDependencies
    .filter(d => d.referencedSchema === schema && d.referencedName === name)
    .map(d => ({
      schema: d.schema,
      name: d.name,
      roles: index.apiRolesWith(d.schema, d.name, 'SELECT'),
    }))
    .filter(v => v.roles.length);
  return {
    known: appCallers !== undefined,
    appCalls: (appCallers?.tables[name] ?? []).filter(
      s => !s.schema || s.schema === schema,
    ),
    views,
  };
}

/** The readers as dependants of a patch; `blocks` when the patch is left to a human because of them. */
export function readerDependants(
  schema: string,
  name: string,
  readers: RelationReaders,
  effect: PatchDependant['effect'],
): PatchDependant[] {
  return [
    ...readers.appCalls.map(site => ({
      kind: 'app_call' as const,
      description: `the application reads ${display(
        schema,
        name,
      )} (.from('${name}'))`,
      roles: [],
      effect,
      location: `${site.path}:${site.line}`,
    })),
    ...readers.views.map(v => ({
      kind: 'view' as const,
      description: `view ${display(v.schema, v.name)} reads it`,
      roles: v.roles,
      effect,
    })),
  ];
}

/** Why a change to what the relation returns needs a human, or null when nothing reads it. */
export function readersBlock(
  schema: string,
  name: string,
  readers: RelationReaders,
): string | null {
  if (!readers.known)
    return `no application source was searched, so nothing tells whether the application reads ${display(
      schema,
      name,
    )} through the Data API`;
  const parts = [
    ...(readers.appCalls.length
      ? [
          `the application reads it (${readers.appCalls
            .map(s => `${s.path}:${s.line}`)
            .join(', ')})`,
        ]
      : []),
    ...readers.views.map(
      v =>
        `view ${display(v.schema, v.name)} reads it as ${v.roles.join(', ')}`,
    ),
  ];
  return parts.length ? parts.join('; ') : null;
}
