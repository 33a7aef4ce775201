import { PatchBuilder } from '../types';
import { FUNCTION_BUILDERS } from './functionBuilders';
import { ACCESS_BUILDERS } from './accessBuilders';

/** Every patch builder, by the lints it fixes. */
export const PATCH_BUILDERS: PatchBuilder[] = [
  ...FUNCTION_BUILDERS,
  ...ACCESS_BUILDERS,
];
