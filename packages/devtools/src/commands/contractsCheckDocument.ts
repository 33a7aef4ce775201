import { resolveLocalRef } from '@platform-kit/connector-sdk';

/**
 * What the contracts check needs of an OpenAPI document: `$ref`s followed,
 * and the two marks our contracts use, `x-outside-vendor-document` (a fact
 * the vendor's document does not hold, with its source) and
 * `x-vendor-erratum` (where the vendor answers differently from its
 * document, with the evidence).
 */

export type Node = Record<string, any>;

export const OUTSIDE = 'x-outside-vendor-document';
export const ERRATUM = 'x-vendor-erratum';

/** What comparing one contract with the vendor's document found. */
export interface ContractComparison {
  /** Places of our contract found in the vendor's document and agreeing. */
  agreed: number;
  /** Inventions and disagreements: the check fails on any. */
  problems: string[];
  /** Places marked `x-outside-vendor-document`, with their source. */
  outside: string[];
  /** Places marked `x-vendor-erratum`, with their evidence. */
  errata: string[];
  /** Differences that are no invention (e.g. required here, optional there). */
  notes: string[];
}

export function emptyComparison(): ContractComparison {
  return { agreed: 0, problems: [], outside: [], errata: [], notes: [] };
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One OpenAPI document, for following `$ref`s. */
export class OpenApiDocument {
  constructor(readonly root: Node) {}

  /** What a local `$ref` points at (undefined when it does not resolve). */
  resolve(ref: string): unknown {
    return resolveLocalRef(this.root, ref);
  }

  /**
   * The node itself, or the end of its `$ref` chain, with the marks met on
   * the way (a mark may sit on the referenced component).
   */
  deref(node: unknown): Node | undefined {
    let current = node;
    for (
      let hops = 0;
      isNode(current) && typeof current.$ref === 'string';
      hops++
    ) {
      if (hops > 20) return undefined;
      current = this.resolve(current.$ref);
    }
    return isNode(current) ? current : undefined;
  }
}

/** The mark of a node (after following its `$ref`s), if any. */
export function markOf(
  document: OpenApiDocument,
  node: unknown,
): { kind: 'outside' | 'erratum'; text: string } | undefined {
  let current = node;
  for (let hops = 0; isNode(current) && hops <= 20; hops++) {
    if (typeof current[OUTSIDE] === 'string') {
      return { kind: 'outside', text: current[OUTSIDE] };
    }
    if (typeof current[ERRATUM] === 'string') {
      return { kind: 'erratum', text: current[ERRATUM] };
    }
    if (typeof current.$ref !== 'string') return undefined;
    current = document.resolve(current.$ref);
  }
  return undefined;
}

/** Records a mark in the comparison; true when there was one (skip the node). */
export function recordMark(
  document: OpenApiDocument,
  node: unknown,
  at: string,
  comparison: ContractComparison,
): boolean {
  const mark = markOf(document, node);
  if (!mark) return false;
  (mark.kind === 'outside' ? comparison.outside : comparison.errata).push(
    `${at}: ${mark.text}`,
  );
  return true;
}
