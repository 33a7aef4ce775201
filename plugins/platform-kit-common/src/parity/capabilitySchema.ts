import { z } from 'zod';
import { lintLevelSchema, severitySchema } from '../lint/finding';

/**
 * What kind of entity a capability can apply to.
 *
 * @public
 */
export const capabilityTargetSchema = z.enum([
  'supabase-project',
  'repository',
  'connector',
]);
/** @public */
export type CapabilityTarget = z.infer<typeof capabilityTargetSchema>;

const idSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/,
    'must look like area.name, e.g. db.row-level-security',
  );

/**
 * A contract is decided by lint findings (databases) or by reported facts (repositories, connectors).
 *
 * @public
 */
export const contractCheckSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('lints'),
    /** Lint rule names whose findings break the contract. */
    lints: z.array(z.string().min(1)).min(1),
    /** Findings below this level only make the contract partial (default: every level fails). */
    failLevel: lintLevelSchema.default('INFO'),
  }),
  z.object({
    kind: z.literal('facts'),
    /** Fact keys that must be reported true, e.g. `repo.codeowners`. */
    facts: z.array(z.string().min(1)).min(1),
    /**
     * How old (hours since observed) a fact may be and still pass. With it, a
     * fact that is true but older, or not observed yet, makes the contract
     * partial; a false fact fails it. E.g. the latest contract run of a connector.
     */
    maxAgeHours: z.number().positive().optional(),
  }),
]);

/** @public */
export const contractSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().min(1),
  check: contractCheckSchema,
});
/** @public */
export type Contract = z.infer<typeof contractSchema>;

/** @public */
export const capabilitySchema = z
  .object({
    id: idSchema,
    title: z.string().min(1),
    description: z.string().min(1),
    severity: severitySchema,
    appliesTo: z.array(capabilityTargetSchema).min(1),
    contracts: z.array(contractSchema).min(1),
  })
  .refine(
    c => new Set(c.contracts.map(k => k.id)).size === c.contracts.length,
    {
      message: 'contract ids must be unique within a capability',
      path: ['contracts'],
    },
  );
/** @public */
export type Capability = z.infer<typeof capabilitySchema>;

/**
 * A capability definitions file (`platform-kit schema validate <file>`).
 *
 * @public
 */
export const capabilityDefinitionsSchema = z
  .object({
    apiVersion: z.literal('platform-kit.dev/v1'),
    kind: z.literal('CapabilityDefinitions'),
    capabilities: z.array(capabilitySchema).min(1),
  })
  .refine(
    f => new Set(f.capabilities.map(c => c.id)).size === f.capabilities.length,
    {
      message: 'capability ids must be unique',
      path: ['capabilities'],
    },
  );
/** @public */
export type CapabilityDefinitions = z.infer<typeof capabilityDefinitionsSchema>;
