import {
  LintCategory,
  LintLevel,
} from '@platform-kit/plugin-platform-kit-common';
import { InventoryIndex } from './inventoryIndex';

/**
 * One finding a rule detected, before the rule's constant fields are added.
 *
 * @public
 */
export interface Detection {
  detail: string;
  metadata: {
    schema?: string;
    name?: string;
    type?: string;
    [key: string]: unknown;
  };
  /** Parts joined with `_` after the rule name to form the finding's `cache_key`. */
  cacheKey: string[];
  /** Overrides the rule's default severity (e.g. rated by exposure). */
  severity?: number;
}

/**
 * A lint rule: its catalogue entry (Supabase's linter fields, our severity and
 * the documentation of what to do) next to its detection over the inventory.
 *
 * @public
 */
export interface LintRule {
  name: string;
  title: string;
  level: LintLevel;
  facing: 'EXTERNAL' | 'INTERNAL';
  categories: LintCategory[];
  /** Plain-language description of the problem. */
  description: string;
  /** Link to the documentation of the fix. */
  remediation: string;
  /** What to do about a finding, in a few sentences. */
  guidance: string;
  /** Default severity, 1 (informational) to 5 (critical). */
  severity: number;
  /** Whether a remediation patch can be built for its findings. */
  fixable: boolean;
  /** From Supabase's linter (true) or a Platform Kit addition (false). */
  supabase: boolean;
  /**
   * The findings over the inventory. `note` tells the user something about
   * the rule's result that is not a finding (e.g. why an object was left
   * out); `runLints` returns the notes with the findings.
   */
  detect(index: InventoryIndex, note?: (message: string) => void): Detection[];
}

export const SUPABASE_DOCS =
  'https://supabase.com/docs/guides/database/database-linter?lint=';
