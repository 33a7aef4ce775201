export { encodeRison } from './encode';
export type { RisonValue } from './encode';
export { decodeRison, RisonSyntaxError } from './decode';
