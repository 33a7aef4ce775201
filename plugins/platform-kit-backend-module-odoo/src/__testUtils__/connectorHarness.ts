import { OdooConnector, OdooConnectorOptions } from '../OdooConnector';
import { OdooStandIn, RecordedRequest } from '../testing/odooServer';
import { parseMethodCall, XmlRpcValue } from '../xmlrpc';

/** A connector pointed at the stand-in; `sleeps` records the retry delays asked for. */
export function connectorFor(
  server: OdooStandIn,
  overrides: Partial<OdooConnectorOptions> = {},
  sleeps: number[] = [],
): OdooConnector {
  return new OdooConnector(
    {
      id: 'odoo-test',
      baseUrl: server.url,
      database: server.database,
      login: server.login,
      apiKey: server.apiKey,
      ...overrides,
    },
    {
      sleep: async ms => {
        sleeps.push(ms);
      },
    },
  );
}

/** One ORM call the stand-in received, whatever the protocol. */
export interface OrmCall {
  protocol: 'xmlrpc' | 'json2';
  model: string;
  method: string;
  kwargs: Record<string, unknown>;
}

function xmlRpcOrmCall(request: RecordedRequest): OrmCall | undefined {
  const call = parseMethodCall(request.body);
  if (call.methodName !== 'execute_kw') return undefined;
  const params = call.params as XmlRpcValue[];
  return {
    protocol: 'xmlrpc',
    model: params[3] as string,
    method: params[4] as string,
    kwargs: {
      domain: (params[5] as XmlRpcValue[])[0],
      ...((params[6] as Record<string, unknown>) ?? {}),
    },
  };
}

/** The ORM calls the stand-in received, in order. */
export function ormCalls(server: OdooStandIn): OrmCall[] {
  const calls: OrmCall[] = [];
  for (const request of server.requests) {
    if (request.path === '/xmlrpc/2/object') {
      const call = xmlRpcOrmCall(request);
      if (call) calls.push(call);
    }
    const json2 = /^\/json\/2\/([\w.]+)\/(\w+)$/.exec(request.path);
    if (json2) {
      calls.push({
        protocol: 'json2',
        model: json2[1],
        method: json2[2],
        kwargs: JSON.parse(request.body),
      });
    }
  }
  return calls;
}

/** The `search_read` pages asked of `model`, as `[offset, limit]`. */
export function pagesOf(
  server: OdooStandIn,
  model: string,
): [unknown, unknown][] {
  return ormCalls(server)
    .filter(c => c.model === model && c.method === 'search_read')
    .map(c => [c.kwargs.offset, c.kwargs.limit]);
}

/** The XML-RPC method names called on `/xmlrpc/2/<service>`. */
export function xmlRpcMethods(
  server: OdooStandIn,
  service: 'common' | 'object',
): string[] {
  return server.requests
    .filter(r => r.path === `/xmlrpc/2/${service}`)
    .map(r => parseMethodCall(r.body).methodName);
}
