import { EntityScorecard, GroupScorecard } from '../../api/types';
import { CsvColumn } from './toCsv';

/** The CSV columns of an entity scorecard export. */
export const entityCsvColumns: CsvColumn<EntityScorecard>[] = [
  { header: 'entityRef', value: r => r.entityRef },
  { header: 'title', value: r => r.title },
  { header: 'kind', value: r => r.kind },
  { header: 'owner', value: r => r.owner },
  { header: 'system', value: r => r.system },
  { header: 'domain', value: r => r.domain },
  { header: 'score', value: r => r.score },
  { header: 'evaluatedAt', value: r => r.evaluatedAt },
  { header: 'failingCapabilities', value: r => r.failingCapabilities },
  { header: 'partialCapabilities', value: r => r.partialCapabilities },
];

/** The CSV columns of a grouped (roll-up) export. */
export const groupCsvColumns: CsvColumn<GroupScorecard>[] = [
  { header: 'group', value: r => r.key },
  { header: 'entities', value: r => r.entities },
  { header: 'scored', value: r => r.scored },
  { header: 'averageScore', value: r => r.averageScore },
  { header: 'minScore', value: r => r.minScore },
  { header: 'failingEntities', value: r => r.failingEntities },
  { header: 'worstCapabilities', value: r => r.worstCapabilities },
];
