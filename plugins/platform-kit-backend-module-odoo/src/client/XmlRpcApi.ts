import { HttpClient, redact } from '@platform-kit/connector-sdk';
import { z } from 'zod';
import {
  escapeXmlText,
  parseMethodResponse,
  serializeMethodCall,
  XmlRpcValue,
} from '../xmlrpc';
import { OdooAuthError, OdooFaultError, OdooProtocolError } from './errors';
import {
  OdooApi,
  OdooCredentials,
  OdooDomain,
  SearchReadOptions,
} from './OdooApi';

/** Odoo's `/xmlrpc/2` fault code for `AccessDenied`. */
const FAULT_ACCESS_DENIED = 3;

const versionSchema = z.object({
  server_version: z.string().min(1),
  server_version_info: z.array(z.union([z.number(), z.string()])).min(1),
});

/** What `common.version()` reports. */
export interface XmlRpcVersion {
  serverVersion: string;
  major: number;
}

/** Every form in which the API key could show up in an XML-RPC exchange. */
export function xmlRpcSecrets(apiKey: string): string[] {
  return [apiKey, escapeXmlText(apiKey)];
}

/**
 * Odoo's External RPC API over XML-RPC: `common.version()`,
 * `common.authenticate()` and `object.execute_kw()`.
 *
 * The API key travels in the XML body; every error message is redacted.
 */
export class XmlRpcApi implements OdooApi {
  readonly protocol = 'xmlrpc' as const;
  private uid?: number;
  private readonly secrets: string[];

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: OdooCredentials,
  ) {
    this.secrets = xmlRpcSecrets(credentials.apiKey);
  }

  /** One call; faults become errors (never retried: they are HTTP 200 answers). */
  async call(
    service: 'common' | 'object',
    method: string,
    params: XmlRpcValue[],
    what: string = `${service}.${method}`,
  ): Promise<XmlRpcValue> {
    const text = await this.http.post<string>(
      `/xmlrpc/2/${service}`,
      serializeMethodCall(method, params),
      {
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        responseType: 'text',
      },
    );
    let response;
    try {
      response = parseMethodResponse(text);
    } catch (error) {
      throw new OdooProtocolError(
        redact(`${what}: ${(error as Error).message}`, this.secrets),
      );
    }
    if (response.kind === 'fault') {
      const faultString = redact(response.faultString, this.secrets);
      if (response.faultCode === FAULT_ACCESS_DENIED) {
        throw new OdooAuthError(
          `Odoo refused the API key of login '${this.credentials.login}' on database '${this.credentials.database}' for ${what} (fault ${response.faultCode}: ${faultString})`,
        );
      }
      throw new OdooFaultError(what, response.faultCode, faultString);
    }
    return response.value;
  }

  /** `common.version()`: needs no credentials. */
  async version(): Promise<XmlRpcVersion> {
    const value = await this.call('common', 'version', []);
    const parsed = versionSchema.safeParse(value);
    if (!parsed.success) {
      throw new OdooProtocolError(
        'common.version did not answer server_version and server_version_info',
      );
    }
    const major = Number(parsed.data.server_version_info[0]);
    if (!Number.isInteger(major)) {
      throw new OdooProtocolError(
        `common.version reported server_version_info ${JSON.stringify(
          parsed.data.server_version_info,
        )} without a major version`,
      );
    }
    return { serverVersion: parsed.data.server_version, major };
  }

  async authenticate(): Promise<Record<string, unknown>> {
    const { database, login, apiKey } = this.credentials;
    const uid = await this.call('common', 'authenticate', [
      database,
      login,
      apiKey,
      {},
    ]);
    if (uid === false) {
      throw new OdooAuthError(
        `Odoo refused login '${login}' with the configured API key on database '${database}' (authenticate returned false): check the login, the database and that the key is valid and not expired`,
      );
    }
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid <= 0) {
      throw new OdooProtocolError(
        `common.authenticate answered ${typeof uid} instead of a user id or false`,
      );
    }
    this.uid = uid;
    return { uid };
  }

  private async executeKw(
    model: string,
    method: string,
    args: XmlRpcValue[],
    kwargs: Record<string, XmlRpcValue>,
  ): Promise<XmlRpcValue> {
    if (this.uid === undefined) await this.authenticate();
    const { database, apiKey } = this.credentials;
    return this.call(
      'object',
      'execute_kw',
      [database, this.uid!, apiKey, model, method, args, kwargs],
      `execute_kw ${model}.${method}`,
    );
  }

  async searchRead(
    model: string,
    domain: OdooDomain,
    options: SearchReadOptions,
  ): Promise<Record<string, unknown>[]> {
    const value = await this.executeKw(
      model,
      'search_read',
      [domain as XmlRpcValue],
      {
        fields: options.fields,
        limit: options.limit,
        offset: options.offset,
        order: options.order,
      },
    );
    if (!Array.isArray(value)) {
      throw new OdooProtocolError(
        `execute_kw ${model}.search_read did not answer a list of records`,
      );
    }
    return value as Record<string, unknown>[];
  }

  async searchCount(model: string, domain: OdooDomain): Promise<number> {
    const value = await this.executeKw(
      model,
      'search_count',
      [domain as XmlRpcValue],
      {},
    );
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new OdooProtocolError(
        `execute_kw ${model}.search_count did not answer a count`,
      );
    }
    return value;
  }
}
