import fs from 'node:fs';
import path from 'node:path';
import { capabilityDefinitionsJsonSchema } from './jsonSchema';

const PUBLISHED = path.resolve(
  __dirname,
  '../../schemas/capability-definitions.schema.json',
);

describe('published JSON Schema', () => {
  it('matches the zod schema (regenerate with `./kit platform-kit schema print > plugins/platform-kit-common/schemas/capability-definitions.schema.json`)', () => {
    const published = JSON.parse(fs.readFileSync(PUBLISHED, 'utf8'));
    expect(published).toEqual(capabilityDefinitionsJsonSchema());
  });

  it('describes the required fields of a capability', () => {
    const schema = capabilityDefinitionsJsonSchema() as any;
    expect(schema.required).toEqual(['apiVersion', 'kind', 'capabilities']);
    const capability = schema.properties.capabilities.items;
    expect(capability.required).toEqual(
      expect.arrayContaining(['id', 'severity', 'appliesTo', 'contracts']),
    );
    expect(capability.properties.severity).toMatchObject({
      minimum: 1,
      maximum: 5,
    });
  });
});
