/**
 * Scaffolder actions of Platform Kit.
 *
 * @packageDocumentation
 */
export { scaffolderModulePlatformKit as default } from './module';
export {
  createRemediationApplyAction,
  REMEDIATION_APPLY_ACTION_ID,
} from './actions/remediationApply';
