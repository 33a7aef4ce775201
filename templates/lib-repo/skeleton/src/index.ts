export { parseDuration, formatDuration } from './duration.js';
export type { DurationUnit } from './duration.js';
