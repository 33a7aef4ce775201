import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from '../schema/openApiDocument';

const document = loadOpenApiDocument();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ components: document.components }, 'openapi');

function resolveRefs(node: any): any {
  if (Array.isArray(node)) return node.map(resolveRefs);
  if (node && typeof node === 'object') {
    if (
      typeof node.$ref === 'string' &&
      node.$ref.startsWith('#/components/')
    ) {
      const target = node.$ref
        .slice(2)
        .split('/')
        .reduce((o: any, k: string) => o[k], document);
      return resolveRefs(target);
    }
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, resolveRefs(v)]),
    );
  }
  return node;
}

/**
 * Checks a response against the documented schema of `method path status`;
 * returns the problems (empty when it matches). `path` uses the document's
 * template form, e.g. `/scans/{id}`.
 */
export function openApiProblems(
  method: string,
  path: string,
  status: number,
  body: unknown,
): string[] {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${path} is not documented`];
  const response = resolveRefs(operation.responses[String(status)]);
  if (!response)
    return [`${method} ${path} does not document status ${status}`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [];
  const validate = ajv.compile(schema);
  return validate(body)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`);
}

/** Expects a response to match the documented schema of `method template`. */
export function expectDocumented(
  method: string,
  template: string,
  res: { status: number; body: unknown },
) {
  expect(openApiProblems(method, template, res.status, res.body)).toEqual([]);
}

export { document as openApiDocument };
