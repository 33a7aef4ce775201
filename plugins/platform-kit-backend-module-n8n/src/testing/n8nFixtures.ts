/**
 * What the n8n stand-in holds: workflows and tags, in the shape a test
 * writes them, turned into the objects the n8n Public API returns.
 */

/**
 * A tag the stand-in holds.
 *
 * @public
 */
export interface N8nTagFixture {
  id: string;
  name: string;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * The project that owns a workflow (`shared[]` with role `workflow:owner`).
 *
 * @public
 */
export interface N8nProjectFixture {
  id: string;
  name: string;
  type: 'personal' | 'team';
}

/**
 * A workflow the stand-in holds.
 *
 * @public
 */
export interface N8nWorkflowFixture {
  id: string;
  name: string;
  active?: boolean;
  description?: string;
  /** Ids of the stand-in's tags. */
  tagIds?: string[];
  /** How many nodes (default 2: a trigger and one action). */
  nodeCount?: number;
  createdAt?: string;
  updatedAt?: string;
  isArchived?: boolean;
  /** Default: the stand-in owner's personal project. */
  project?: N8nProjectFixture;
}

const EPOCH = '2026-01-05T09:00:00.000Z';

/**
 * The personal project of the instance owner.
 *
 * @public
 */
export const DEFAULT_PROJECT: N8nProjectFixture = {
  id: 'PrjOwner00000001',
  name: 'Ada Owner <ada@example.com>',
  type: 'personal',
};

/**
 * `count` workflows `wf0001`, `wf0002`, ... named `Workflow 1`, ..., every third one active.
 *
 * @public
 */
export function manyWorkflows(count: number): N8nWorkflowFixture[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `wf${String(i + 1).padStart(4, '0')}`,
    name: `Workflow ${i + 1}`,
    active: i % 3 === 0,
  }));
}

function nodes(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    i === 0
      ? {
          id: `node-${i}`,
          name: 'Schedule Trigger',
          type: 'n8n-nodes-base.scheduleTrigger',
          typeVersion: 1.2,
          position: [0, 0],
          parameters: {},
        }
      : {
          id: `node-${i}`,
          name: `Step ${i}`,
          type: 'n8n-nodes-base.noOp',
          typeVersion: 1,
          position: [200 * i, 0],
          parameters: {},
        },
  );
}

/** A tag as the API returns it. */
export function tagResource(tag: N8nTagFixture): Record<string, unknown> {
  return {
    id: tag.id,
    name: tag.name,
    createdAt: tag.createdAt ?? EPOCH,
    updatedAt: tag.updatedAt ?? EPOCH,
  };
}

function shared(workflow: N8nWorkflowFixture, full: boolean) {
  const project = workflow.project ?? DEFAULT_PROJECT;
  const createdAt = workflow.createdAt ?? EPOCH;
  return [
    {
      role: 'workflow:owner',
      workflowId: workflow.id,
      projectId: project.id,
      // n8n's list leaves the project out (only `projectId`); one workflow has it.
      ...(full
        ? {
            project: {
              ...project,
              icon: null,
              description: null,
              customTelemetryTags: [],
              creatorId: null,
              createdAt,
              updatedAt: createdAt,
            },
          }
        : {}),
      createdAt,
      updatedAt: createdAt,
    },
  ];
}

/** A workflow as `GET /workflows` lists it (schema `workflow`). */
export function workflowListResource(
  workflow: N8nWorkflowFixture,
  tags: Map<string, N8nTagFixture>,
): Record<string, unknown> {
  const nodeCount = workflow.nodeCount ?? 2;
  return {
    id: workflow.id,
    name: workflow.name,
    ...(workflow.description !== undefined
      ? { description: workflow.description }
      : {}),
    active: workflow.active ?? false,
    isArchived: workflow.isArchived ?? false,
    createdAt: workflow.createdAt ?? EPOCH,
    updatedAt: workflow.updatedAt ?? workflow.createdAt ?? EPOCH,
    versionId: `v-${workflow.id}`,
    triggerCount: workflow.active && nodeCount > 0 ? 1 : 0,
    nodes: nodes(nodeCount),
    connections: {},
    settings: { executionOrder: 'v1' },
    staticData: null,
    meta: null,
    pinData: null,
    tags: (workflow.tagIds ?? []).map(id => tagResource(tags.get(id)!)),
    shared: shared(workflow, false),
  };
}

/** A workflow as `GET /workflows/{workflowId}` returns it. */
export function workflowResource(
  workflow: N8nWorkflowFixture,
  tags: Map<string, N8nTagFixture>,
): Record<string, unknown> {
  const listed = workflowListResource(workflow, tags);
  return {
    ...listed,
    description: workflow.description ?? null,
    activeVersionId: workflow.active ? listed.versionId : null,
    versionCounter: 1,
    sourceWorkflowId: null,
    nodeGroups: [],
    shared: shared(workflow, true),
    activeVersion: null,
  };
}
