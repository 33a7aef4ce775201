/**
 * Platform Kit in Backstage: parity, findings, inventory, remediation and
 * exemptions on every entity; org scorecards; jobs. The new frontend system's
 * plugin is the package's `/alpha` export.
 *
 * @packageDocumentation
 */
export {
  platformKitPlugin,
  EntityPlatformKitContent,
  EntityParityCard,
  PlatformKitPage,
  PlatformKitJobsPage,
} from './plugin';
export type { EntityParityCardProps } from './components/parity/EntityParityCard';
export { platformKitApiRef } from './api/PlatformKitApi';
export type { PlatformKitApi } from './api/PlatformKitApi';
export { PlatformKitClient } from './api/PlatformKitClient';
export * from './api/types';
