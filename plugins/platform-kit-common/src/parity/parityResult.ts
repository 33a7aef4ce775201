import { z } from 'zod';
import { severitySchema } from '../lint/finding';

/** @public */
export const contractStatusSchema = z.enum(['pass', 'partial', 'fail']);
/** @public */
export const capabilityStatusSchema = z.enum([
  'pass',
  'partial',
  'fail',
  'exempted',
  'not_applicable',
]);
/** @public */
export type CapabilityStatus = z.infer<typeof capabilityStatusSchema>;

/**
 * Why a contract got its status: the findings (by cache_key) or facts that decided it.
 *
 * @public
 */
export const contractEvidenceSchema = z.object({
  contractId: z.string(),
  title: z.string(),
  status: contractStatusSchema,
  findings: z.array(
    z.object({
      cache_key: z.string(),
      name: z.string(),
      level: z.string(),
      detail: z.string(),
    }),
  ),
  facts: z.record(z.string(), z.boolean().nullable()),
  /** Why the contract could not be decided from data, e.g. no scan yet. */
  note: z.string().optional(),
});
/** @public */
export type ContractEvidence = z.infer<typeof contractEvidenceSchema>;

/** @public */
export const capabilityResultSchema = z.object({
  capabilityId: z.string(),
  title: z.string(),
  severity: severitySchema,
  status: capabilityStatusSchema,
  /** Set when an active exemption turned a failure into `exempted`. */
  exemption: z
    .object({
      reason: z.string(),
      requestedBy: z.string(),
      expiresAt: z.string(),
    })
    .nullable(),
  evidence: z.array(contractEvidenceSchema),
});
/** @public */
export type CapabilityResult = z.infer<typeof capabilityResultSchema>;

/**
 * The parity of one entity: every capability's result and the weighted score (0-100).
 *
 * @public
 */
export const parityMatrixSchema = z.object({
  entityRef: z.string(),
  evaluatedAt: z.string(),
  score: z.number().min(0).max(100).nullable(),
  results: z.array(capabilityResultSchema),
});
/** @public */
export type ParityMatrix = z.infer<typeof parityMatrixSchema>;
