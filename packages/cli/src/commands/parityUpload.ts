import { resultsPushPermission } from '@platform-kit/plugin-platform-kit-common';
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
 * Pushes results to `POST <url>/api/platform-kit/results` as the service
 * whose static token (`backend.auth.externalAccess`) is given; resolves to
 * the id of the scan the control plane recorded.
 */
export async function uploadResults(
  current: ParityFile,
  options: UploadOptions,
): Promise<string> {
  const endpoint = `${options.url.replace(
    /\/+$/,
    '',
  )}/api/platform-kit/results`;
  // Neither the token nor a password in the URL may reach the output, whatever a server echoes back.
  const clean = (text: string) => redactSecrets(text, [options.token]);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.token}`,
      },
      body: JSON.stringify({
        entityRef: current.entityRef,
        findings: current.findings ?? [],
        parity: current.parity,
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    const why =
      cause?.code ?? cause?.message ?? (error as Error).message ?? 'error';
    throw new CliError(
      clean(
        `upload failed: cannot reach the control plane at ${endpoint} (${why})`,
      ),
    );
  }
  const body = await response.json().catch(() => undefined);
  if (response.status === 201 && typeof body?.scanId === 'string')
    return body.scanId;
  // Backstage's error responses: { error: { name, message }, ... }
  const message: string | undefined =
    typeof body?.error?.message === 'string' ? body.error.message : undefined;
  const said = message ? `: ${message}` : '';
  const explanation: Record<number, string> = {
    401: `the control plane rejected the token in $${options.tokenEnv} (401${said}); it must be one of the static tokens in backend.auth.externalAccess`,
    403: `the token in $${options.tokenEnv} may not push results (403${said}); its externalAccess entry must allow the platform-kit plugin and its subject needs the ${resultsPushPermission.name} permission`,
    404: message
      ? `the control plane answered 404: ${message}`
      : `${endpoint} was not found (404): is ${options.url} the Backstage backend with the Platform Kit plugin?`,
  };
  throw new CliError(
    clean(
      `upload failed: ${
        explanation[response.status] ??
        `the control plane answered ${response.status}${said}`
      }`,
    ),
  );
}
