import { InventoryItem } from '@platform-kit/connector-sdk';
import { N8nTag, N8nWorkflow } from './n8nSchemas';

/**
 * Relation type from a workflow item to each of its tag items.
 *
 * @public
 */
export const HAS_TAG_RELATION = 'hasTag';

/**
 * The inventory item id of an n8n workflow (ids of workflows and tags may collide, so they are typed).
 *
 * @public
 */
export function workflowItemId(id: string): string {
  return `workflow:${id}`;
}

/**
 * The inventory item id of an n8n tag.
 *
 * @public
 */
export function tagItemId(id: string): string {
  return `tag:${id}`;
}

/**
 * `<baseUrl>/workflow/<id>`, keeping a path prefix such as `/n8n/`.
 *
 * @public
 */
export function workflowUrl(baseUrl: string, id: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`workflow/${encodeURIComponent(id)}`, base).href;
}

/** The project that owns the workflow (`shared[]` entry with role `workflow:owner`). */
export function ownerProject(
  workflow: N8nWorkflow,
): { id?: string; name?: string; type?: string } | undefined {
  const owner =
    workflow.shared?.find(s => s.role === 'workflow:owner') ??
    (workflow.shared?.length === 1 ? workflow.shared[0] : undefined);
  if (!owner) return undefined;
  return {
    id: owner.project?.id ?? owner.projectId,
    name: owner.project?.name,
    type: owner.project?.type,
  };
}

function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** An n8n tag as an inventory item of type `tag`. */
export function tagItem(tag: N8nTag): InventoryItem {
  return {
    id: tagItemId(tag.id),
    type: 'tag',
    name: tag.name,
    title: tag.name,
    attributes: defined({
      n8nId: tag.id,
      createdAt: tag.createdAt,
      updatedAt: tag.updatedAt,
    }),
  };
}

/**
 * An n8n workflow as an inventory item of type `workflow`: the name is
 * n8n's id (stable, unique; display names are neither), the title is the
 * workflow's name, tags by name plus a `hasTag` relation to each tag item,
 * the owner is the owning project's name (from the workflow or `projects`,
 * else its id), and the attributes keep the active state, node count and
 * timestamps.
 */
export function workflowItem(
  workflow: N8nWorkflow,
  baseUrl: string,
  projects: ReadonlyMap<string, { name?: string; type?: string }> = new Map(),
): InventoryItem {
  const owner = ownerProject(workflow);
  const known = owner?.id ? projects.get(owner.id) : undefined;
  const project = owner && {
    id: owner.id,
    name: owner.name ?? known?.name,
    type: owner.type ?? known?.type,
  };
  const tags = workflow.tags ?? [];
  return {
    id: workflowItemId(workflow.id),
    type: 'workflow',
    name: workflow.id,
    ...(workflow.name ? { title: workflow.name } : {}),
    ...(workflow.description ? { description: workflow.description } : {}),
    ...(project?.name || project?.id
      ? { owner: project.name || project.id }
      : {}),
    tags: tags.map(t => t.name),
    url: workflowUrl(baseUrl, workflow.id),
    relations: tags.map(t => ({
      type: HAS_TAG_RELATION,
      itemId: tagItemId(t.id),
    })),
    attributes: defined({
      n8nId: workflow.id,
      active: workflow.active ?? false,
      archived: workflow.isArchived,
      nodeCount: workflow.nodes?.length,
      triggerCount: workflow.triggerCount,
      createdAt: workflow.createdAt,
      updatedAt: workflow.updatedAt,
      versionId: workflow.versionId ?? undefined,
      projectId: project?.id,
      projectType: project?.type,
    }),
  };
}
