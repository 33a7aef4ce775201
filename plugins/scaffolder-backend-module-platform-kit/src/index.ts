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
export {
  createSpecBundleCreateAction,
  SPEC_BUNDLE_CREATE_ACTION_ID,
} from './actions/specBundleCreate';
export {
  createSpecBundleValidateAction,
  SPEC_BUNDLE_VALIDATE_ACTION_ID,
} from './actions/specBundleValidate';
export {
  createScanTriggerAction,
  SCAN_TRIGGER_ACTION_ID,
} from './actions/scanTrigger';
