import { OpenApiContract } from '@platform-kit/connector-sdk';
import { loadOpenApiDocument } from '../schema/openApiDocument';

const document = loadOpenApiDocument();
/** The REST document, checked with the connector SDK's OpenAPI validator (the one the stand-ins use). */
const contract = new OpenApiContract(document, 'src/schema/openapi.yaml');

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
  const match = contract.match(method, path);
  if (!match || match.path !== path)
    return [`${method} ${path} is not documented`];
  const problems = contract.responseProblems(match, status, {
    body,
    contentType: 'application/json',
  });
  return problems ?? [`${method} ${path} does not document status ${status}`];
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
