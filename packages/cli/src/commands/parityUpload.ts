import {
  createPlatformKitClient,
  PlatformKitApiError,
  resultsPushPermission,
} from '@platform-kit/plugin-platform-kit-common';
import {
  ParityFile,
  redactSecrets,
} from '@platform-kit/plugin-platform-kit-node';
import { CliError } from '../errors';

export interface UploadOptions {
  /** The control plane (Backstage backend) base URL. */
  url: string;
  token: string;
  /** The variable the token came from, for messages. */
  tokenEnv: string;
  timeoutMs?: number;
}

/**
 * Pushes results to `POST <url>/api/platform-kit/results` with the control
 * plane's generated client, as the service whose static token
 * (`backend.auth.externalAccess`) is given; resolves to the id of the scan
 * the control plane recorded.
 */
export async function uploadResults(
  current: ParityFile,
  options: UploadOptions,
): Promise<string> {
  const baseUrl = `${options.url.replace(/\/+$/, '')}/api/platform-kit`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client = createPlatformKitClient({
    baseUrl: async () => baseUrl,
    token: async () => options.token,
    timeoutMs,
    validate: true,
  });
  try {
    const recorded = await client.pushResults({
      entityRef: current.entityRef,
      findings: current.findings ?? [],
      parity: current.parity,
    });
    return recorded.scanId;
  } catch (error) {
    if (!PlatformKitApiError.is(error)) throw error;
    // Neither the token nor a password in the URL may reach the output, whatever a server echoes back.
    throw new CliError(
      redactSecrets(
        `upload failed: ${explain(error, {
          ...options,
          endpoint: `${baseUrl}/results`,
          timeoutMs,
        })}`,
        [options.token],
      ),
    );
  }
}

/** Why the upload failed, in terms of what to check. */
function explain(
  error: PlatformKitApiError,
  options: UploadOptions & { endpoint: string; timeoutMs: number },
): string {
  const { status, message } = error;
  const { endpoint, tokenEnv } = options;
  if (status === 0) {
    const cause = error.cause as
      | { name?: string; cause?: { code?: string; message?: string } }
      | undefined;
    if (cause?.name === 'TimeoutError')
      return `the control plane at ${endpoint} did not answer within ${
        options.timeoutMs / 1000
      } s`;
    if (cause?.cause)
      return `cannot reach the control plane at ${endpoint} (${
        cause.cause.code ?? cause.cause.message
      })`;
    return message;
  }
  // Backstage's error answers name the error; other servers' (a proxy's) do not.
  const said = error.errorName ? `: ${message}` : '';
  const explanation: Record<number, string> = {
    401: `the control plane rejected the token in $${tokenEnv} (401${said}); it must be one of the static tokens in backend.auth.externalAccess`,
    403: `the token in $${tokenEnv} may not push results (403${said}); its externalAccess entry must allow the platform-kit plugin and its subject needs the ${resultsPushPermission.name} permission`,
    404: said
      ? `the control plane answered 404${said}`
      : `${endpoint} was not found (404): is ${options.url} the Backstage backend with the Platform Kit plugin?`,
  };
  return explanation[status] ?? `the control plane answered ${status}${said}`;
}
