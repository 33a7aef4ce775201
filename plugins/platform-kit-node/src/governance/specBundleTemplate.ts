import { z } from 'zod';

/**
 * What a repository holds: it shapes the requirements, milestones and tasks of its bundle.
 *
 * @public
 */
export type SpecBundleKind = 'app' | 'service' | 'lib';

/** @public */
export const SPEC_BUNDLE_KINDS: readonly SpecBundleKind[] = [
  'app',
  'service',
  'lib',
];

/** @public */
export interface SpecBundleInput {
  /** The bundle's folder name, kebab-case: `spec/<name>/`. */
  name: string;
  /** An entity ref (`group:default/team-a`) or a plain name (`team-a`). */
  owner: string;
  /** One or two sentences: the problem the repository solves. */
  purpose: string;
  kind: SpecBundleKind;
}

/**
 * One file of a rendered bundle; `path` is relative to the repository root, e.g. `spec/<name>/prd.md`.
 *
 * @public
 */
export interface SpecBundleFile {
  path: string;
  content: string;
}

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `[kind:][namespace/]name`, with Backstage's characters for each part. */
const OWNER_REF =
  /^(?:[a-zA-Z][a-zA-Z0-9-]*:)?(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/** A string field whose type errors name the field. */
const stringField = (field: string) =>
  z.string({
    error: iss =>
      iss.input === undefined
        ? `${field} is required`
        : `${field} must be a string`,
  });

/** @public */
export const specBundleInputSchema: z.ZodType<SpecBundleInput> = z.object({
  name: stringField('name')
    .trim()
    .max(63, { error: 'name must be at most 63 characters' })
    .regex(KEBAB_CASE, {
      error: iss =>
        `name "${iss.input}" must be kebab-case: lower-case letters and digits separated by single hyphens, e.g. "checkout-api"`,
    }),
  owner: stringField('owner')
    .trim()
    .min(1, { error: 'owner must not be empty' })
    .regex(OWNER_REF, {
      error: iss =>
        `owner "${iss.input}" must be an entity ref such as "group:default/team-a" or a name such as "team-a"`,
    }),
  purpose: stringField('purpose')
    .trim()
    .min(1, {
      error:
        'purpose must not be empty: say in a sentence what problem this repository solves',
    })
    .max(2000, { error: 'purpose must be at most 2000 characters' }),
  kind: z.enum(['app', 'service', 'lib'], {
    error: iss =>
      iss.input === undefined
        ? 'kind is required (app, service or lib)'
        : `kind must be one of app, service, lib (got ${JSON.stringify(
            iss.input,
          )})`,
  }),
});

/**
 * Input that breaks {@link specBundleInputSchema}; the message has every problem on one line.
 *
 * @public
 */
export class SpecBundleInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid spec bundle input: ${problems.join('; ')}`);
    this.name = 'SpecBundleInputError';
  }
}

/**
 * Validates (and trims) the input, or throws a {@link SpecBundleInputError}.
 *
 * @public
 */
export function parseSpecBundleInput(input: unknown): SpecBundleInput {
  const parsed = specBundleInputSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new SpecBundleInputError(
    parsed.error.issues.map(issue => issue.message),
  );
}

/**
 * User text as inline Markdown: whitespace (newlines included) collapsed, so
 * it cannot start a block of its own, and every character that could open
 * markup, a heading, a list or a table cell escaped.
 *
 * @public
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|#~&!]/g, '\\$&')
    .replace(/^[-+=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

interface KindContent {
  label: string;
  principles: string[];
  constraints: string[];
  users: string[];
  requirements: string[];
  metrics: string[];
  milestones: string[];
  risks: [risk: string, mitigation: string][];
  tasks: [title: string, acceptance: string][];
}

function kindContent(kind: SpecBundleKind, name: string): KindContent {
  switch (kind) {
    case 'service':
      return {
        label: 'service',
        principles: [
          `Contract first: the API of ${name} is written down (e.g. OpenAPI) before it is built, and breaking changes get a new version.`,
          'Operable: every request can be traced, and on-call engineers can tell from the dashboards whether the service is healthy.',
        ],
        constraints: [
          'Availability: a health-check endpoint reports whether the service can serve; deploys wait for it.',
          'Runs as a container built and deployed by CI; no manual changes in production.',
        ],
        users: [
          `The teams and services that call the API of ${name}: what they need from it.`,
          'The engineers who run it on call.',
        ],
        requirements: [
          'Availability: target _99.9 %_ of requests answered successfully per month; the health check answers `200` when the service can serve and `503` when it cannot.',
          'Observability: structured logs, metrics and traces for every request.',
          'Security: every endpoint authenticates its caller; secrets come from the secret store, never from the repository.',
        ],
        metrics: [
          'Availability against the target above, measured monthly.',
          'Latency: p95 under _300 ms_ for the main endpoints.',
          'Consumers: the teams that depend on the service, and their satisfaction.',
        ],
        milestones: [
          'API contract agreed with the first consumer.',
          'Deployed to staging by CI, with health check, dashboards and alerts.',
          'In production, with the first consumer live.',
        ],
        risks: [
          [
            'A dependency (database, upstream API) is down or slow',
            'Timeouts, retries with backoff, and a health check that reports it',
          ],
          [
            'Load beyond what was planned',
            'Load test before production; autoscaling limits set',
          ],
        ],
        tasks: [
          [
            'Health-check endpoint',
            'GET /health answers 200 when the service can serve, 503 otherwise; CI and the deploy check it',
          ],
          [
            'API contract',
            'The contract is in the repository and reviewed by the first consumer',
          ],
        ],
      };
    case 'lib':
      return {
        label: 'library',
        principles: [
          `Stable API: ${name} follows semantic versioning; a breaking change needs a major release and a migration note.`,
          'Small surface: export only what users need; everything else stays internal.',
        ],
        constraints: [
          'API stability: the public API is declared in one place (the package exports) and changes to it are reviewed.',
          'Published from CI only, never from a laptop.',
        ],
        users: [
          `Developers who import ${name} into their own code: what they build with it.`,
          'The maintainers who answer their questions.',
        ],
        requirements: [
          'API stability: no breaking change outside a major release; deprecations are announced one minor release ahead.',
          'Every public export is documented, with an example.',
          'Tests cover the public API.',
        ],
        metrics: [
          'Adoption: repositories that depend on the library.',
          'Zero breaking changes outside major releases.',
          'Time from a reported bug to a released fix.',
        ],
        milestones: [
          'Public API drafted and reviewed by a first user.',
          'First release (0.1.0) published from CI, with its API documentation.',
          '1.0.0 with the stability promise.',
        ],
        risks: [
          [
            'The API does not fit what users need',
            'Review the draft API with a first user before 1.0.0',
          ],
          [
            'An accidental breaking change',
            'An API report or type check in CI that flags changes to the exports',
          ],
        ],
        tasks: [
          [
            'Document the public API',
            'Every export has documentation and an example in the API documentation',
          ],
          [
            'Publish 0.1.0',
            'CI publishes the package; a fresh project installs and uses it',
          ],
        ],
      };
    case 'app':
    default:
      return {
        label: 'application',
        principles: [
          `Users first: every change to ${name} is judged by what its users notice.`,
          'Accessible by default: every screen works with a keyboard and a screen reader.',
        ],
        constraints: [
          'Accessibility: WCAG 2.1 AA for every screen.',
          "Sign-in through the organisation's identity provider; no accounts of its own.",
        ],
        users: [
          `The people who use ${name} day to day: who they are and what they try to get done.`,
          'The people who support them.',
        ],
        requirements: [
          'Works in the current versions of the major browsers and on small screens.',
          'Users sign in with their organisation account.',
          'Errors tell the user what happened and what to do next.',
        ],
        metrics: [
          'Task success: share of users who finish the main flow without help (target _80 %_).',
          'Page load: p75 under _2 s_.',
          'Weekly active users.',
        ],
        milestones: [
          'Prototype of the main flow tried by five users.',
          'First release to a pilot group.',
          'General availability.',
        ],
        risks: [
          [
            'Users do not adopt it',
            'Test the prototype with real users before building more',
          ],
          [
            'Accessibility found late',
            'Automated accessibility checks in CI from the first screen',
          ],
        ],
        tasks: [
          [
            'Prototype the main flow',
            'Five users tried the prototype; what they found is in the PRD',
          ],
          [
            'Accessibility checks in CI',
            'CI fails on an accessibility violation of the main screens',
          ],
        ],
      };
  }
}

const guidance = (text: string) => `_${text}_`;

/** A GFM table with aligned columns, as Prettier formats it, so it reads well as text too. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map(row => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    line(widths.map(width => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

function document(blocks: string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Renders a spec bundle, `spec/<name>/{constitution,prd,plan,tasks}.md`, that
 * `analyseSpecBundle` finds complete: every required section with short
 * guidance (in italics) and placeholders filled from the input. User text is
 * escaped, so it cannot add headings or break a table.
 *
 * @public
 */
export function renderSpecBundle(input: SpecBundleInput): SpecBundleFile[] {
  const { name, owner, kind, ...parsed } = parseSpecBundleInput(input);
  const purpose = escapeMarkdownInline(parsed.purpose);
  const ownerText = escapeMarkdownInline(owner);
  const content = kindContent(kind, name);
  const dir = `spec/${name}`;

  const constitution = document([
    `# ${name}: constitution`,
    `The rules every change to ${name} (${content.label}) follows. Owner: **${ownerText}**.`,
    guidance(
      'Keep it short. Change it through a pull request that the owner approves.',
    ),
    '## Principles',
    [
      `- Ownership: ${ownerText} owns ${name} and approves changes to this spec bundle.`,
      ...content.principles.map(p => `- ${p}`),
      `- ${guidance(
        'Add the principles your team decides by, one line each.',
      )}`,
    ].join('\n'),
    '## Constraints',
    [
      ...content.constraints.map(c => `- ${c}`),
      `- ${guidance(
        'Add what is fixed: budget, deadlines, compliance, technology.',
      )}`,
    ].join('\n'),
  ]);

  const prd = document([
    `# ${name}: product requirements`,
    '## Problem',
    purpose,
    guidance(
      'Say who has this problem today, how they work around it, and why it matters now.',
    ),
    '## Users',
    [
      ...content.users.map(u => `- ${u}`),
      `- ${guidance('Name a real person or team for each group.')}`,
    ].join('\n'),
    '## Requirements',
    table(
      ['ID', 'Requirement', 'Priority'],
      [
        ['R-1', `Solves the problem: ${purpose}`, 'must'],
        ...content.requirements.map((r, i) => [
          `R-${i + 2}`,
          r,
          i === 0 ? 'must' : 'should',
        ]),
      ],
    ),
    guidance(
      'Replace the values in italics with yours; add a row for each requirement.',
    ),
    '## Success metrics',
    [
      ...content.metrics.map(m => `- ${m}`),
      `- ${guidance('Say where each metric is measured and who looks at it.')}`,
    ].join('\n'),
  ]);

  const plan = document([
    `# ${name}: plan`,
    '## Milestones',
    table(
      ['Milestone', 'Outcome', 'Target date'],
      content.milestones.map((m, i) => [`M${i + 1}`, m, guidance('date')]),
    ),
    '## Risks',
    table(
      ['Risk', 'Mitigation'],
      [
        ...content.risks,
        [
          `No one has time to keep this spec current`,
          `${ownerText} reviews the bundle at every milestone`,
        ],
      ],
    ),
    guidance('Add a row whenever a risk shows up; remove it when it is gone.'),
  ]);

  const tasks = document([
    `# ${name}: tasks`,
    guidance(
      'One row a task. IDs stay stable (T-1, T-2, ...); status is one of todo, in-progress, done, blocked.',
    ),
    '## Tasks',
    table(
      ['ID', 'Title', 'Status', 'Acceptance'],
      [
        [
          'Review this spec bundle',
          `${ownerText} approved the constitution, PRD and plan in a pull request`,
        ],
        ['Solve the core problem', `A user confirms it is solved: ${purpose}`],
        ...content.tasks,
        ['CI green', 'Lint, tests and the spec check pass on the main branch'],
      ].map(([title, acceptance], i) => [
        `T-${i + 1}`,
        title,
        'todo',
        acceptance,
      ]),
    ),
  ]);

  return [
    { path: `${dir}/constitution.md`, content: constitution },
    { path: `${dir}/prd.md`, content: prd },
    { path: `${dir}/plan.md`, content: plan },
    { path: `${dir}/tasks.md`, content: tasks },
  ];
}
