import { z } from 'zod';
import {
  parseMethodCall,
  parseMethodResponse,
  serializeFault,
  serializeMethodResponse,
  XmlRpcValue,
} from '../xmlrpc';
import {
  callOrm,
  checkOrmResult,
  checkTarget,
  isOrmModel,
  OrmError,
} from './odooOrm';
import { StandInResponse, StandInState, versionInfo } from './standInState';

/** Odoo's `/xmlrpc/2` fault codes (`odoo/addons/base/controllers/rpc.py`). */
export const FAULT_APPLICATION_ERROR = 1;
export const FAULT_ACCESS_DENIED = 3;

/** The positional parameters of the ORM methods served, in Odoo's order. */
const POSITIONAL: Record<string, readonly string[]> = {
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
};

const versionSchema = z.strictObject({
  server_version: z.string().regex(/^\d+\.\d/),
  server_version_info: z.tuple([
    z.number().int(),
    z.number().int(),
    z.number().int(),
    z.string(),
    z.number().int(),
    z.string(),
  ]),
  server_serie: z.string(),
  protocol_version: z.literal(1),
});

class Fault extends Error {
  constructor(
    readonly code: number,
    readonly faultString: string,
    readonly violation: boolean,
  ) {
    super(faultString);
  }
}

function xml(status: number, body: string): StandInResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body,
  };
}

function isStruct(
  value: XmlRpcValue | undefined,
): value is Record<string, XmlRpcValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(param: XmlRpcValue): string {
  if (Array.isArray(param)) return 'array';
  if (isStruct(param)) return 'struct';
  if (Number.isInteger(param)) return 'int';
  return typeof param;
}

function checkParams(
  params: XmlRpcValue[],
  types: string[],
  method: string,
): void {
  const required = types.filter(t => !t.endsWith('?')).length;
  if (params.length < required || params.length > types.length) {
    throw new Fault(
      FAULT_APPLICATION_ERROR,
      `TypeError: ${method}() takes ${required} to ${types.length} arguments (${params.length} given)`,
      true,
    );
  }
  params.forEach((param, index) => {
    const type = types[index].replace('?', '');
    const actual = typeName(param);
    if (actual !== type) {
      throw new Fault(
        FAULT_APPLICATION_ERROR,
        `TypeError: argument ${
          index + 1
        } of ${method}() must be ${type}, got ${actual}`,
        true,
      );
    }
  });
}

function checkDatabase(state: StandInState, db: XmlRpcValue): void {
  if (db !== state.database) {
    throw new Fault(
      FAULT_APPLICATION_ERROR,
      `psycopg2.OperationalError: connection failed: FATAL:  database "${String(
        db,
      )}" does not exist`,
      false,
    );
  }
}

function common(
  state: StandInState,
  method: string,
  params: XmlRpcValue[],
): XmlRpcValue {
  if (method === 'version') {
    checkParams(params, [], 'version');
    const info = versionInfo(state.major);
    const answer = {
      server_version: `${state.major}.0`,
      server_version_info: info,
      server_serie: `${state.major}.0`,
      protocol_version: 1,
    };
    versionSchema.parse(answer);
    return answer;
  }
  if (method === 'authenticate') {
    checkParams(
      params,
      ['string', 'string', 'string', 'struct'],
      'authenticate',
    );
    checkDatabase(state, params[0]);
    const ok =
      params[1] === state.login &&
      (params[2] === state.apiKey || state.defects.acceptAnyKey);
    return ok ? state.uid : false;
  }
  throw new Fault(
    FAULT_APPLICATION_ERROR,
    `KeyError: 'exp_${method}' (the common service has no method '${method}')`,
    true,
  );
}

function namedArguments(
  method: string,
  args: XmlRpcValue[],
  kwargs: Record<string, XmlRpcValue>,
): Record<string, unknown> {
  const names = POSITIONAL[method] ?? [];
  if (args.length > names.length) {
    throw new OrmError(
      'invalid',
      'TypeError',
      `${method}() takes at most ${names.length} positional arguments (${args.length} given)`,
    );
  }
  const named: Record<string, unknown> = {};
  args.forEach((arg, i) => {
    named[names[i]] = arg;
  });
  for (const [name, value] of Object.entries(kwargs)) {
    if (name in named) {
      throw new OrmError(
        'invalid',
        'TypeError',
        `${method}() got multiple values for argument '${name}'`,
      );
    }
    named[name] = value;
  }
  return named;
}

function object(
  state: StandInState,
  method: string,
  params: XmlRpcValue[],
): XmlRpcValue {
  if (method !== 'execute_kw') {
    throw new Fault(
      FAULT_APPLICATION_ERROR,
      `KeyError: the stand-in's object service serves execute_kw only, not '${method}'`,
      true,
    );
  }
  checkParams(
    params,
    ['string', 'int', 'string', 'string', 'string', 'array', 'struct?'],
    'execute_kw',
  );
  checkDatabase(state, params[0]);
  if (
    !state.defects.acceptAnyKey &&
    (params[1] !== state.uid || params[2] !== state.apiKey)
  ) {
    throw new Fault(FAULT_ACCESS_DENIED, 'Access Denied', false);
  }
  const model = params[3] as string;
  const ormMethod = params[4] as string;
  const kwargs = (params[6] ?? {}) as Record<string, XmlRpcValue>;
  try {
    checkTarget(model, ormMethod);
    const named = namedArguments(ormMethod, params[5] as XmlRpcValue[], kwargs);
    if (state.defects.ignoreOffset) delete named.offset;
    const result = callOrm(state.tables, model, ormMethod, named);
    if (isOrmModel(model)) checkOrmResult(model, ormMethod, named, result);
    return result as XmlRpcValue;
  } catch (error) {
    if (error instanceof OrmError) {
      throw new Fault(
        FAULT_APPLICATION_ERROR,
        `Traceback (most recent call last):\n  ...\n${error.pythonName}: ${error.message}`,
        true,
      );
    }
    throw error;
  }
}

/**
 * Answers `POST /xmlrpc/2/<service>` like Odoo: HTTP 200 with a
 * `<methodResponse>`, faults included.
 */
export function handleXmlRpc(
  state: StandInState,
  service: string,
  body: string,
  contentType: string | undefined,
): StandInResponse {
  let answer: string;
  try {
    if (!contentType || !/^text\/xml\b/i.test(contentType)) {
      throw new Fault(
        FAULT_APPLICATION_ERROR,
        `XML-RPC requests must be sent as text/xml, got ${
          contentType ?? 'no content type'
        }`,
        true,
      );
    }
    let call;
    try {
      call = parseMethodCall(body);
    } catch (error) {
      throw new Fault(
        FAULT_APPLICATION_ERROR,
        `ExpatError: ${(error as Error).message}`,
        true,
      );
    }
    const value =
      service === 'common'
        ? common(state, call.methodName, call.params)
        : object(state, call.methodName, call.params);
    answer = serializeMethodResponse(value);
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    if (error.violation) state.violations.push(error.faultString);
    answer = serializeFault(error.code, error.faultString);
  }
  // self-check: what we send must be a valid methodResponse
  parseMethodResponse(answer);
  return xml(200, answer);
}
