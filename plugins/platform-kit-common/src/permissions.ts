import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read parity, findings and inventory of an entity (follows catalog read access).
 *
 * @public
 */
export const parityReadPermission = createPermission({
  name: 'platform-kit.parity.read',
  attributes: { action: 'read' },
});

/**
 * Start a scan.
 *
 * @public
 */
export const scanCreatePermission = createPermission({
  name: 'platform-kit.scan.create',
  attributes: { action: 'create' },
});

/**
 * Request or revoke an exemption.
 *
 * @public
 */
export const exemptionManagePermission = createPermission({
  name: 'platform-kit.exemption.manage',
  attributes: { action: 'update' },
});

/**
 * Apply a remediation plan to a database.
 *
 * @public
 */
export const remediationApplyPermission = createPermission({
  name: 'platform-kit.remediation.apply',
  attributes: { action: 'update' },
});

/**
 * Push lint and parity results from CI.
 *
 * @public
 */
export const resultsPushPermission = createPermission({
  name: 'platform-kit.results.push',
  attributes: { action: 'create' },
});

/** @public */
export const platformKitPermissions = [
  parityReadPermission,
  scanCreatePermission,
  exemptionManagePermission,
  remediationApplyPermission,
  resultsPushPermission,
];
