import { emptyFactSet, FactSet, setFact } from './factSet';
import { SPEC_FILE_KINDS, SpecBundleAnalysis } from './specBundle';

function list(items: string[]): string {
  return items.join('; ');
}

/**
 * The `spec.*` facts of a repository: `spec.<kind>` holds when every bundle
 * has that file, `spec.sections` when every spec file present has its
 * required sections (and there is at least one).
 */
export function specFacts(analysis: SpecBundleAnalysis): FactSet {
  const set = emptyFactSet();
  if (analysis.bundles.length === 0) {
    const none =
      'no spec bundle: nothing under spec/ (expected spec/<name>/constitution.md, prd.md, plan.md and tasks.md)';
    for (const kind of SPEC_FILE_KINDS)
      setFact(set, `spec.${kind}`, false, none);
    setFact(set, 'spec.sections', false, none);
    return set;
  }
  const files = analysis.bundles.flatMap(bundle => bundle.files);
  for (const kind of SPEC_FILE_KINDS) {
    const ofKind = files.filter(file => file.kind === kind);
    const missing = ofKind.filter(file => !file.present).map(file => file.path);
    setFact(
      set,
      `spec.${kind}`,
      missing.length === 0,
      missing.length === 0
        ? `present: ${list(ofKind.map(file => file.path))}`
        : `missing: ${list(missing)}`,
    );
  }
  const present = files.filter(file => file.present);
  const defects = present
    .filter(file => !file.valid)
    .map(file =>
      [
        file.missingSections.length > 0
          ? `${file.path} lacks the section${
              file.missingSections.length > 1 ? 's' : ''
            } ${file.missingSections.join(', ')}`
          : undefined,
        ...file.problems.map(problem => `${file.path}: ${problem}`),
      ]
        .filter(Boolean)
        .join('; '),
    );
  if (present.length === 0) {
    setFact(set, 'spec.sections', false, 'no spec file to check');
  } else if (defects.length > 0) {
    setFact(set, 'spec.sections', false, list(defects));
  } else {
    setFact(
      set,
      'spec.sections',
      true,
      `all ${present.length} spec file${
        present.length > 1 ? 's have' : ' has'
      } the required sections`,
    );
  }
  return set;
}
