import { HttpClient, HttpClientOptions } from '@platform-kit/connector-sdk';
import { OdooOptions } from '../options';
import { Json2Api } from './Json2Api';
import { OdooApi, OdooCredentials } from './OdooApi';
import { detectServerVersion, OdooServerVersion } from './serverVersion';
import { XmlRpcApi, xmlRpcSecrets } from './XmlRpcApi';

/**
 * Test seams of the HTTP client (no network or clock in unit tests).
 *
 * @public
 */
export type OdooHttpDeps = Pick<
  HttpClientOptions,
  'fetch' | 'sleep' | 'random'
>;

/** The first major version that serves JSON-2. */
export const JSON2_SINCE = 19;

/** A client for the configured server, with every form of the key registered as a secret. */
export function createHttpClient(
  options: OdooOptions,
  deps: OdooHttpDeps = {},
): HttpClient {
  return new HttpClient({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    secrets: xmlRpcSecrets(options.apiKey),
    ...deps,
  });
}

/** The server's version and the API the connector talks to it with. */
export interface OdooSession {
  server: OdooServerVersion;
  api: OdooApi;
}

/** Picks the protocol: as configured, or JSON-2 from Odoo 19 on when `auto`. */
export function createApi(
  http: HttpClient,
  protocol: 'xmlrpc' | 'json2',
  credentials: OdooCredentials,
): OdooApi {
  return protocol === 'json2'
    ? new Json2Api(http, credentials)
    : new XmlRpcApi(http, credentials);
}

/** Reads the server version and opens the API for the configured protocol. */
export async function openSession(
  http: HttpClient,
  options: OdooOptions,
  credentials: OdooCredentials = options,
): Promise<OdooSession> {
  const server = await detectServerVersion(
    http,
    new XmlRpcApi(http, credentials),
  );
  let protocol = options.protocol;
  if (protocol === 'auto') {
    protocol = server.major >= JSON2_SINCE ? 'json2' : 'xmlrpc';
  }
  return { server, api: createApi(http, protocol, credentials) };
}
