import { z } from 'zod';
import { callOrm, checkOrmResult, isOrmModel, OrmError } from './odooOrm';
import { StandInResponse, StandInState } from './standInState';

/** The documented JSON-2 error object. */
export const json2ErrorSchema = z.strictObject({
  name: z.string().min(1),
  message: z.string(),
  arguments: z.array(z.unknown()),
  context: z.record(z.string(), z.unknown()),
  debug: z.string(),
});

const WERKZEUG: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableEntity',
};

function json(status: number, body: unknown): StandInResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

function error(
  status: number,
  message: string,
  name = `werkzeug.exceptions.${WERKZEUG[status]}`,
  context: Record<string, unknown> = {},
): StandInResponse {
  const body = {
    name,
    message,
    arguments: [message, status],
    context,
    debug: `Traceback (most recent call last):\n  ...\n${name}: ${status} ${message}\n`,
  };
  json2ErrorSchema.parse(body);
  return json(status, body);
}

/**
 * Answers `POST /json/2/<model>/<method>` like Odoo 19: bearer API key,
 * optional `X-Odoo-Database`, a JSON object of named arguments in the body,
 * 200 with the method's return value, or 4xx with the documented error object.
 */
export function handleJson2(
  state: StandInState,
  request: {
    method: string;
    model: string;
    ormMethod: string;
    headers: Record<string, string | undefined>;
    body: string;
  },
): StandInResponse {
  const violation = (status: number, message: string) => {
    state.violations.push(message);
    return error(status, message);
  };
  if (request.method !== 'POST') {
    return violation(405, `JSON-2 takes POST, not ${request.method}`);
  }
  const auth = /^bearer (.+)$/i.exec(request.headers.authorization ?? '');
  if (!auth || (auth[1] !== state.apiKey && !state.defects.acceptAnyKey)) {
    return error(401, 'Invalid apikey');
  }
  const database = request.headers['x-odoo-database'];
  if (database !== undefined && database !== state.database) {
    return error(404, `database "${database}" not found`);
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    return violation(415, 'JSON-2 requests must be sent as application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return violation(400, 'the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return violation(400, 'the body must be a JSON object of named arguments');
  }
  const { ids, ...kwargs } = body as Record<string, unknown>;
  if (ids !== undefined && !(Array.isArray(ids) && ids.length === 0)) {
    return violation(
      422,
      `${request.ormMethod} is an @api.model method: ids must be empty or omitted`,
    );
  }
  if (state.defects.ignoreOffset) delete kwargs.offset;
  try {
    const result = callOrm(
      state.tables,
      request.model,
      request.ormMethod,
      kwargs,
    );
    if (isOrmModel(request.model)) {
      checkOrmResult(request.model, request.ormMethod, kwargs, result);
    }
    return json(200, result);
  } catch (caught) {
    if (!(caught instanceof OrmError)) throw caught;
    const status = caught.kind === 'not-found' ? 404 : 422;
    state.violations.push(`${caught.pythonName}: ${caught.message}`);
    return error(status, caught.message);
  }
}
