import {
  ConnectorHttpError,
  HttpClient,
  HttpClientOptions,
  RequestOptions,
} from '@platform-kit/connector-sdk';
import { SupersetConnectorOptions } from './options';

const LOGIN_PATH = '/api/v1/security/login';

/**
 * Login refused (401) or answered without a token.
 *
 * @public
 */
export class SupersetLoginError extends Error {
  override readonly name = 'SupersetLoginError';
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/**
 * Test seams of the HTTP client (fetch, sleep, backoff).
 *
 * @public
 */
export type SupersetHttpOverrides = Pick<
  HttpClientOptions,
  'fetch' | 'sleep' | 'backoff' | 'random'
>;

/**
 * A logged-in conversation with Superset: logs in for a JWT on first use
 * and sends it as a Bearer token; one re-login per `allowRelogin()` when the
 * token stops being accepted (401, e.g. it expired mid-listing).
 */
export class SupersetSession {
  readonly http: HttpClient;
  private authorized?: Promise<HttpClient>;
  private reloginsLeft = 1;

  constructor(
    private readonly options: SupersetConnectorOptions,
    overrides: SupersetHttpOverrides = {},
  ) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      secrets: [options.password],
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      ...overrides,
    });
  }

  /** Allows one more re-login (call at the start of each run). */
  allowRelogin() {
    this.reloginsLeft = 1;
  }

  /**
   * Logs in with `password` (the configured one unless given) and returns
   * the access token.
   *
   * @throws {@link SupersetLoginError} when Superset refuses the login.
   */
  async login(password = this.options.password): Promise<string> {
    const { username, provider } = this.options;
    try {
      const body = await this.http.post<{ access_token?: unknown }>(
        LOGIN_PATH,
        { username, password, provider, refresh: true },
      );
      if (typeof body?.access_token !== 'string' || !body.access_token) {
        throw new SupersetLoginError(
          `Superset answered the login of '${username}' without an access_token`,
        );
      }
      return body.access_token;
    } catch (error) {
      if (error instanceof ConnectorHttpError && error.status === 401) {
        throw new SupersetLoginError(
          `Superset refused the login of '${username}' with provider '${provider}' (401): check the username, password and provider`,
          401,
        );
      }
      throw error;
    }
  }

  /** GET with the session's token; re-logs in once on a 401. */
  async get<T>(path: string, options?: RequestOptions): Promise<T> {
    const client = await this.client();
    try {
      return await client.get<T>(path, options);
    } catch (error) {
      if (
        error instanceof ConnectorHttpError &&
        error.status === 401 &&
        this.reloginsLeft > 0
      ) {
        this.reloginsLeft -= 1;
        this.authorized = undefined;
        return (await this.client()).get<T>(path, options);
      }
      throw error;
    }
  }

  private client(): Promise<HttpClient> {
    if (!this.authorized) {
      const pending = this.login().then(token =>
        this.http.withHeaders({ authorization: `Bearer ${token}` }, [token]),
      );
      pending.catch(() => {
        if (this.authorized === pending) this.authorized = undefined;
      });
      this.authorized = pending;
    }
    return this.authorized;
  }
}
