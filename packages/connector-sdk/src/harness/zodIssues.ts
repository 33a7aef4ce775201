import { z } from 'zod';

/** At most this many entries of a list go into evidence. */
export const EVIDENCE_SAMPLE = 10;

/**
 * Zod issues as evidence: path and message only (zod's messages name the
 * expected and received types, never the values, so no secret leaks).
 */
export function issuesEvidence(error: z.ZodError): {
  issueCount: number;
  issues: string[];
} {
  return {
    issueCount: error.issues.length,
    issues: error.issues
      .slice(0, EVIDENCE_SAMPLE)
      .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}
