/**
 * Test utilities of the Platform Kit control plane: a real control plane on a
 * test backend, for the tests of packages that talk to it (CLI, scaffolder).
 *
 * @packageDocumentation
 */
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
