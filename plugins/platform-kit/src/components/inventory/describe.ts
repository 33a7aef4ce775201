import type {
  DbFunction,
  Extension,
} from '@platform-kit/plugin-platform-kit-common';
import { ColumnItem, IndexItem, PolicyItem, RelationItem } from './treeRows';

export type FunctionItem = Pick<DbFunction, 'name'> & Partial<DbFunction>;
export type ExtensionItem = Pick<Extension, 'name'> & Partial<Extension>;

const joined = (parts: (string | false | undefined | null)[]) =>
  parts.filter(Boolean).join(' · ');

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes)) return undefined;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export const count = (n: number) => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${count(n)} ${n === 1 ? one : many}`;

export const KIND_LABELS: Record<NonNullable<RelationItem['kind']>, string> = {
  table: 'table',
  partitioned_table: 'partitioned table',
  view: 'view',
  materialized_view: 'materialized view',
  foreign_table: 'foreign table',
};

/** Kind, row estimate and size of a table or view (RLS is shown apart). */
export function describeRelation(relation: RelationItem): string {
  const rows =
    relation.estimatedRows !== undefined && relation.estimatedRows >= 0
      ? `~${plural(relation.estimatedRows, 'row')}`
      : undefined;
  return joined([
    relation.kind ? KIND_LABELS[relation.kind] ?? relation.kind : undefined,
    rows,
    formatBytes(relation.sizeBytes),
  ]);
}

export function describeColumn(column: ColumnItem): string {
  return joined([
    column.type,
    column.notNull && 'not null',
    column.default && `default ${column.default}`,
  ]);
}

export function describePolicy(policy: PolicyItem): string {
  return joined([
    policy.command,
    policy.permissive === false ? 'restrictive' : 'permissive',
    policy.roles?.length ? `roles: ${policy.roles.join(', ')}` : undefined,
    policy.using && `using ${policy.using}`,
    policy.withCheck && `with check ${policy.withCheck}`,
  ]);
}

export function describeIndex(index: IndexItem): string {
  return joined([
    index.primary ? 'primary key' : index.unique && 'unique',
    index.valid === false && 'INVALID',
    formatBytes(index.sizeBytes),
    index.definition,
  ]);
}

export function describeFunction(fn: FunctionItem): {
  primary: string;
  secondary: string;
} {
  return {
    primary: `${fn.schema ? `${fn.schema}.` : ''}${fn.name}(${
      fn.identityArguments ?? ''
    })`,
    secondary: joined([
      fn.kind !== 'function' && fn.kind,
      fn.resultType && `returns ${fn.resultType}`,
      fn.language,
      fn.volatility,
      fn.securityDefiner && 'security definer',
      fn.searchPath ? `search_path=${fn.searchPath}` : undefined,
    ]),
  };
}

export function describeExtension(ext: ExtensionItem): {
  primary: string;
  secondary: string;
} {
  const outdated =
    ext.defaultVersion &&
    ext.installedVersion &&
    ext.defaultVersion !== ext.installedVersion;
  return {
    primary: ext.name,
    secondary: joined([
      ext.schema && `in ${ext.schema}`,
      ext.installedVersion && `version ${ext.installedVersion}`,
      outdated && `${ext.defaultVersion} available`,
    ]),
  };
}
