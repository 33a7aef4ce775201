import { ConnectorHttpError, HttpClient } from '@platform-kit/connector-sdk';
import { OdooAuthError, OdooProtocolError } from './errors';
import {
  OdooApi,
  OdooCredentials,
  OdooDomain,
  SearchReadOptions,
} from './OdooApi';

/**
 * Odoo 19's External JSON-2 API: `POST /json/2/<model>/<method>` with the
 * API key as a bearer token, the database in `X-Odoo-Database` and the
 * method's named arguments as a JSON object.
 */
export class Json2Api implements OdooApi {
  readonly protocol = 'json2' as const;
  private readonly http: HttpClient;

  constructor(http: HttpClient, private readonly credentials: OdooCredentials) {
    this.http = http.withHeaders(
      {
        authorization: `bearer ${credentials.apiKey}`,
        'x-odoo-database': credentials.database,
      },
      [credentials.apiKey],
    );
  }

  private async call<T>(
    model: string,
    method: string,
    args: Record<string, unknown>,
  ): Promise<T> {
    try {
      return await this.http.post<T>(`/json/2/${model}/${method}`, args);
    } catch (error) {
      if (error instanceof ConnectorHttpError && error.status === 401) {
        throw new OdooAuthError(
          `Odoo refused the configured API key on database '${this.credentials.database}' (401 on /json/2/${model}/${method}): check that the key is valid and not expired`,
        );
      }
      throw error;
    }
  }

  async authenticate(): Promise<Record<string, unknown>> {
    const count = await this.searchCount('ir.module.module', [
      ['name', '=', 'base'],
    ]);
    return { probe: 'ir.module.module/search_count', count };
  }

  async searchRead(
    model: string,
    domain: OdooDomain,
    options: SearchReadOptions,
  ): Promise<Record<string, unknown>[]> {
    const value = await this.call<unknown>(model, 'search_read', {
      domain,
      fields: options.fields,
      limit: options.limit,
      offset: options.offset,
      order: options.order,
    });
    if (!Array.isArray(value)) {
      throw new OdooProtocolError(
        `/json/2/${model}/search_read did not answer a list of records`,
      );
    }
    return value as Record<string, unknown>[];
  }

  async searchCount(model: string, domain: OdooDomain): Promise<number> {
    const value = await this.call<unknown>(model, 'search_count', { domain });
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new OdooProtocolError(
        `/json/2/${model}/search_count did not answer a count`,
      );
    }
    return value;
  }
}
