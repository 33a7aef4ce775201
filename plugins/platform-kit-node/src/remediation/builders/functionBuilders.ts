import { PatchBuilder } from '../types';
import { hardenFunctionBuilder } from './hardenFunction';
import { moveExtensionBuilder } from './moveExtension';
import { updateExtensionBuilder } from './updateExtension';

/** Builders of the function and extension findings. */
export const FUNCTION_BUILDERS: PatchBuilder[] = [
  hardenFunctionBuilder,
  moveExtensionBuilder,
  updateExtensionBuilder,
];
