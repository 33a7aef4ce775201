import { PatchBuilder } from '../types';
import { appMetadataPolicyBuilder } from './appMetadataPolicy';
import { dropDuplicateIndexBuilder } from './dropDuplicateIndex';
import { enableRlsBuilder } from './enableRls';
import { indexForeignKeyBuilder } from './indexForeignKey';
import { revokeApiAccessBuilder } from './revokeApiAccess';
import { revokeDefinerExecuteBuilder } from './revokeDefinerExecute';
import { securityInvokerViewBuilder } from './securityInvokerView';
import { wrapInitplanBuilder } from './wrapInitplan';

/** Builders of access (RLS, grants, views, policies) and index patches. */
export const ACCESS_BUILDERS: PatchBuilder[] = [
  enableRlsBuilder,
  securityInvokerViewBuilder,
  revokeApiAccessBuilder,
  revokeDefinerExecuteBuilder,
  wrapInitplanBuilder,
  appMetadataPolicyBuilder,
  indexForeignKeyBuilder,
  dropDuplicateIndexBuilder,
];
