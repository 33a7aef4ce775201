import { z } from 'zod';
import { capabilityDefinitionsSchema } from './capabilitySchema';

/**
 * The capability definitions format as JSON Schema (draft 2020-12), for editors and other tools.
 *
 * @public
 */
export function capabilityDefinitionsJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://platform-kit.dev/schemas/capability-definitions.schema.json',
    title: 'Platform Kit capability definitions',
    ...z.toJSONSchema(capabilityDefinitionsSchema, { io: 'input' }),
  };
}
