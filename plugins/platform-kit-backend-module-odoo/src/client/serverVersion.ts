import { ConnectorHttpError, HttpClient } from '@platform-kit/connector-sdk';
import { z } from 'zod';
import { XmlRpcApi } from './XmlRpcApi';

/** The server's version and where it was read. */
export interface OdooServerVersion {
  /** e.g. `17.0` or `saas~18.3`. */
  serverVersion: string;
  major: number;
  via: '/web/version' | 'common.version';
}

const webVersionSchema = z.object({
  version: z.string().min(1),
  version_info: z.array(z.union([z.number(), z.string()])).min(1),
});

function isMissingRoute(error: unknown): boolean {
  return (
    error instanceof ConnectorHttpError &&
    (error.status === 404 ||
      error.status === 405 ||
      error.reason === 'invalid-response')
  );
}

/**
 * Asks `GET /web/version` (no auth; Odoo 18+) and falls back to XML-RPC
 * `common.version()` where that route does not exist.
 */
export async function detectServerVersion(
  http: HttpClient,
  xmlrpc: XmlRpcApi,
): Promise<OdooServerVersion> {
  try {
    const body = await http.get<unknown>('/web/version');
    const parsed = webVersionSchema.safeParse(body);
    const major = parsed.success ? Number(parsed.data.version_info[0]) : NaN;
    if (parsed.success && Number.isInteger(major)) {
      return { serverVersion: parsed.data.version, major, via: '/web/version' };
    }
  } catch (error) {
    if (!isMissingRoute(error)) throw error;
  }
  const version = await xmlrpc.version();
  return { ...version, via: 'common.version' };
}
