import { LintRule } from '../types';
import {
  anonSecurityDefinerFunctionExecutable,
  authenticatedSecurityDefinerFunctionExecutable,
} from './securityDefinerFunctionExecutable';
import { apiRoleWriteWithoutRls } from './apiRoleWriteWithoutRls';
import { authRlsInitplan } from './authRlsInitplan';
import { authUsersExposed } from './authUsersExposed';
import { duplicateIndex } from './duplicateIndex';
import { extensionInExposedSchema } from './extensionInExposedSchema';
import { extensionInPublic } from './extensionInPublic';
import { extensionVersionsOutdated } from './extensionVersionsOutdated';
import { fkeyToAuthUnique } from './fkeyToAuthUnique';
import { foreignTableInApi } from './foreignTableInApi';
import { functionSearchPathMutable } from './functionSearchPathMutable';
import { insecureQueueExposedInApi } from './insecureQueueExposedInApi';
import { materializedViewInApi } from './materializedViewInApi';
import { multiplePermissivePolicies } from './multiplePermissivePolicies';
import { noPrimaryKey } from './noPrimaryKey';
import {
  pgGraphqlAnonTableExposed,
  pgGraphqlAuthenticatedTableExposed,
} from './pgGraphqlTableExposed';
import { policyExistsRlsDisabled } from './policyExistsRlsDisabled';
import { publicBucketAllowsListing } from './publicBucketAllowsListing';
import { rlsDisabledInPrivateSchema } from './rlsDisabledInPrivateSchema';
import { rlsDisabledInPublic } from './rlsDisabledInPublic';
import { rlsEnabledNoPolicy } from './rlsEnabledNoPolicy';
import { rlsPolicyAlwaysTrue } from './rlsPolicyAlwaysTrue';
import { rlsReferencesUserMetadata } from './rlsReferencesUserMetadata';
import { securityDefinerFunctionDynamicSql } from './securityDefinerFunctionDynamicSql';
import { securityDefinerView } from './securityDefinerView';
import { sensitiveColumnsExposed } from './sensitiveColumnsExposed';
import { tableBloat } from './tableBloat';
import { tableOwnedByApiRole } from './tableOwnedByApiRole';
import { unindexedForeignKeys } from './unindexedForeignKeys';
import { unsupportedRegTypes } from './unsupportedRegTypes';
import { unusedIndex } from './unusedIndex';

/**
 * Every lint rule: Supabase's (in their numbering order), then Platform Kit's own.
 *
 * @public
 */
export const LINT_RULES: readonly LintRule[] = [
  unindexedForeignKeys,
  authUsersExposed,
  authRlsInitplan,
  noPrimaryKey,
  unusedIndex,
  multiplePermissivePolicies,
  policyExistsRlsDisabled,
  rlsEnabledNoPolicy,
  duplicateIndex,
  securityDefinerView,
  functionSearchPathMutable,
  rlsDisabledInPublic,
  extensionInPublic,
  rlsReferencesUserMetadata,
  materializedViewInApi,
  foreignTableInApi,
  unsupportedRegTypes,
  insecureQueueExposedInApi,
  tableBloat,
  fkeyToAuthUnique,
  extensionVersionsOutdated,
  sensitiveColumnsExposed,
  rlsPolicyAlwaysTrue,
  publicBucketAllowsListing,
  pgGraphqlAnonTableExposed,
  pgGraphqlAuthenticatedTableExposed,
  anonSecurityDefinerFunctionExecutable,
  authenticatedSecurityDefinerFunctionExecutable,
  apiRoleWriteWithoutRls,
  securityDefinerFunctionDynamicSql,
  tableOwnedByApiRole,
  extensionInExposedSchema,
  rlsDisabledInPrivateSchema,
];
