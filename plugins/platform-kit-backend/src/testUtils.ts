/**
 * Test utilities of the Platform Kit control plane: a real control plane on a
 * test backend, for the tests of packages that talk to it (CLI, scaffolder).
 *
 * @packageDocumentation
 */
// This entry point exists for the tests of this monorepo's other packages (it is
// not in publishConfig): it re-exports the helpers the plugin's own tests use.
/* eslint-disable no-restricted-imports */
export {
  controlPlaneTests,
  projectTarget,
  startControlPlane,
  targetDatabase,
} from './__testUtils__/controlPlane';
export type {
  ControlPlaneOptions,
  TargetConfig,
} from './__testUtils__/controlPlane';
export { catalogWith } from './__testUtils__/testBackend';
