import { N8nTagFixture, N8nWorkflowFixture } from '../testing/n8nFixtures';

/**
 * The three workflows the peer suites seed, in n8n's import format, and the
 * same workflows as stand-in fixtures: the assertions of the peer suite run
 * unchanged against the stand-in and against a real n8n.
 */

interface PeerWorkflow {
  id: string;
  name: string;
  /** Published (active) after import. */
  active: boolean;
  tags: string[];
  /** Node types after the trigger. */
  steps: number;
  trigger: 'schedule' | 'manual';
}

export const PEER_WORKFLOWS: PeerWorkflow[] = [
  {
    id: 'pkPeerWorkflow01',
    name: 'Nightly invoice sync',
    active: true,
    tags: ['billing', 'prod'],
    steps: 2,
    trigger: 'schedule',
  },
  {
    id: 'pkPeerWorkflow02',
    name: 'Lead enrichment',
    active: false,
    tags: ['sales'],
    steps: 1,
    trigger: 'manual',
  },
  {
    id: 'pkPeerWorkflow03',
    name: 'Untagged draft',
    active: false,
    tags: [],
    steps: 0,
    trigger: 'manual',
  },
];

function triggerNode(workflow: PeerWorkflow) {
  return workflow.trigger === 'schedule'
    ? {
        id: `${workflow.id}-trigger`,
        name: 'Schedule Trigger',
        type: 'n8n-nodes-base.scheduleTrigger',
        typeVersion: 1.2,
        position: [0, 0],
        parameters: { rule: { interval: [{ field: 'hours' }] } },
      }
    : {
        id: `${workflow.id}-trigger`,
        name: 'Manual Trigger',
        type: 'n8n-nodes-base.manualTrigger',
        typeVersion: 1,
        position: [0, 0],
        parameters: {},
      };
}

/** The workflows as `n8n import:workflow --input=<file>` reads them. */
export function peerWorkflowsForImport(): Record<string, unknown>[] {
  return PEER_WORKFLOWS.map(workflow => {
    const trigger = triggerNode(workflow);
    const steps = Array.from({ length: workflow.steps }, (_, i) => ({
      id: `${workflow.id}-step-${i + 1}`,
      name: `Step ${i + 1}`,
      type: 'n8n-nodes-base.noOp',
      typeVersion: 1,
      position: [220 * (i + 1), 0],
      parameters: {},
    }));
    const chain = [trigger, ...steps];
    const connections: Record<string, unknown> = {};
    for (let i = 0; i + 1 < chain.length; i++) {
      connections[chain[i].name] = {
        main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]],
      };
    }
    return {
      id: workflow.id,
      name: workflow.name,
      active: false,
      nodes: chain,
      connections,
      settings: { executionOrder: 'v1' },
      tags: workflow.tags.map(name => ({ name })),
    };
  });
}

/** The same workflows and tags as stand-in fixtures. */
export function peerFixtures(): {
  workflows: N8nWorkflowFixture[];
  tags: N8nTagFixture[];
} {
  const names = [...new Set(PEER_WORKFLOWS.flatMap(w => w.tags))];
  const tags = names.map((name, i) => ({ id: `tag${i + 1}`, name }));
  return {
    tags,
    workflows: PEER_WORKFLOWS.map(w => ({
      id: w.id,
      name: w.name,
      active: w.active,
      nodeCount: w.steps + 1,
      tagIds: w.tags.map(name => tags.find(t => t.name === name)!.id),
    })),
  };
}
