import fs from 'node:fs';
import path from 'node:path';
import {
  Capability,
  capabilityDefinitionsSchema,
  CORE_CAPABILITIES,
  DEFAULT_PROFILES,
  Finding,
  applicableCapabilities,
  ProfiledEntity,
  resolveProfile,
} from '@platform-kit/plugin-platform-kit-common';
import {
  collectRepositoryFacts,
  evaluateParity,
  LocalRepositorySource,
  ParityResultsDocument,
  runLints,
} from '@platform-kit/plugin-platform-kit-node';
import { parse } from 'yaml';
import { z } from 'zod';
import { CliError, EXIT } from '../errors';
import { readExclusions } from '../exclusions';
import { CliIo } from '../io';
import { scanTarget } from '../scan';
import { parseOrThrow, targetOptionsSchema } from '../target';
import { exposedSchemasOption, statementTimeoutOption } from './sharedOptions';

const evaluateOptionsSchema = z.object({
  entityRef: z
    .string({ error: 'is required, e.g. component:default/shop' })
    .regex(
      /^[a-z]+:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i,
      'must be a full entity ref like component:default/shop',
    ),
  type: z.string().min(1).optional(),
  repo: z.string().min(1).optional(),
  capabilities: z.string().min(1).optional(),
  output: z.string().min(1).optional(),
  exclusions: z.string().optional(),
  exposedSchemas: exposedSchemasOption,
  statementTimeout: statementTimeoutOption,
});

/** The database options are optional here: a Component without --db is evaluated on its repository alone. */
const databaseOptionsSchema = z.object({
  db: z.string().optional(),
  supabaseRef: z.string().optional(),
});

/** A capability definitions file (YAML or JSON) that replaces the core capabilities. */
function readCapabilities(file: string): Capability[] {
  let data: unknown;
  try {
    data = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `--capabilities: ${file}: ${
        code
          ? `cannot read (${code})`
          : `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`
      }`,
    );
  }
  const result = capabilityDefinitionsSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CliError(
      `--capabilities: ${file}: ${issue.path.join('.') || '(root)'}: ${
        issue.message
      }`,
    );
  }
  return result.data.capabilities;
}

/** What the default profiles see of an entity known only by its ref (and --type). */
function entityOf(kind: string, type: string | undefined): ProfiledEntity {
  const lower = kind.toLowerCase();
  // A resource evaluated by the CLI is a database unless told otherwise.
  const spec = {
    type: type ?? (lower === 'resource' ? 'supabase-project' : undefined),
  };
  return { kind, metadata: {}, spec };
}

/** What a Supabase project that the entity depends on looks like to the profiles. */
const DATABASE_ENTITY: ProfiledEntity = {
  kind: 'Resource',
  metadata: {},
  spec: { type: 'supabase-project' },
};

/**
 * `platform-kit parity evaluate`: the parity of one entity as the control
 * plane evaluates it, from a local checkout (repo.*) and, when given, a
 * database (db.*, own or inherited); writes the results document.
 */
export async function parityEvaluate(
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const options = parseOrThrow(evaluateOptionsSchema, raw);
  const database = parseOrThrow(databaseOptionsSchema, raw);
  const scansDatabase = Boolean(database.db || database.supabaseRef);
  const target = scansDatabase
    ? parseOrThrow(targetOptionsSchema, raw)
    : undefined;
  const capabilities = options.capabilities
    ? readCapabilities(path.resolve(io.cwd, options.capabilities))
    : CORE_CAPABILITIES.capabilities;
  const ids = capabilities.map(c => c.id);
  const entityRef = options.entityRef.toLowerCase();
  const kind = entityRef.split(':')[0];

  const profile = resolveProfile(
    entityOf(kind, options.type),
    DEFAULT_PROFILES,
    ids,
  );
  // With a database, the entity depends on one Supabase project: it inherits its db.*.
  const applicable = applicableCapabilities(
    profile,
    scansDatabase
      ? [resolveProfile(DATABASE_ENTITY, DEFAULT_PROFILES, ids).capabilities]
      : [],
    ids,
  );
  if (applicable.length === 0)
    throw new CliError(
      `no capability applies to ${entityRef}${
        options.type ? ` (type ${options.type})` : ''
      }: the profiles cover Components (repo.*, db.* with --db) and Resources of type supabase-project (db.*)`,
    );
  const needsDatabase = applicable.some(id =>
    capabilities
      .find(c => c.id === id)!
      .contracts.some(k => k.check.kind === 'lints'),
  );
  if (needsDatabase && !scansDatabase)
    throw new CliError(
      `${entityRef} is evaluated on a database: give --db <url> or --supabase-ref <ref>`,
    );
  if (scansDatabase && !needsDatabase)
    throw new CliError(
      `no database capability applies to ${entityRef}: leave out --db / --supabase-ref`,
    );
  const needsFacts = applicable.some(id =>
    capabilities
      .find(c => c.id === id)!
      .contracts.some(k => k.check.kind === 'facts'),
  );

  let facts: Record<string, boolean> | undefined;
  if (needsFacts) {
    const repo = path.resolve(io.cwd, options.repo ?? '.');
    if (!fs.statSync(repo, { throwIfNoEntry: false })?.isDirectory())
      throw new CliError(`--repo: ${repo} is not a directory`);
    facts = (await collectRepositoryFacts(new LocalRepositorySource(repo)))
      .facts;
  } else if (options.repo) {
    throw new CliError(
      `no repository capability applies to ${entityRef}: leave out --repo`,
    );
  }

  let findings: Finding[] | undefined;
  if (target) {
    const inventory = await scanTarget(target, options, io);
    findings = runLints(inventory, {
      exclusions: options.exclusions
        ? readExclusions(path.resolve(io.cwd, options.exclusions))
        : undefined,
    }).findings;
  }

  const parity = evaluateParity({
    entityRef,
    applicable,
    capabilities,
    findings,
    facts,
  });
  const document: ParityResultsDocument = {
    entityRef,
    ...(findings ? { findings } : {}),
    parity,
  };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (options.output) {
    const file = path.resolve(io.cwd, options.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, json);
    } catch (error) {
      throw new CliError(
        `--output: cannot write ${file} (${
          (error as NodeJS.ErrnoException).code ?? 'error'
        })`,
      );
    }
  } else {
    io.stdout(json);
  }
  const score = parity.score === null ? 'no score' : parity.score.toFixed(1);
  io.stderr(
    `Parity of ${entityRef}: ${score} (${applicable.length} capabilities${
      findings ? `, ${findings.length} findings` : ''
    })${options.output ? `, written to ${options.output}` : ''}\n`,
  );
  return EXIT.ok;
}
