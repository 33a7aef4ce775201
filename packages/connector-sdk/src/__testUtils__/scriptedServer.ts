import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the scripted server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One scripted answer: status, headers and body, or `hang` to never answer. */
export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | 'hang'
  | 'destroy';

/** A real node:http server that answers from a script and records requests. */
export interface ScriptedServer {
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Answers in order; the last one repeats. */
  script(
    ...answers: Array<
      ScriptedAnswer | ((req: ReceivedRequest) => ScriptedAnswer)
    >
  ): void;
  close(): Promise<void>;
}

/** Starts a scripted server on 127.0.0.1 and a random port. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let answers: Array<
    ScriptedAnswer | ((req: ReceivedRequest) => ScriptedAnswer)
  > = [{ status: 200, body: {} }];
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const next = answers.length > 1 ? answers.shift()! : answers[0];
      const answer = typeof next === 'function' ? next(received) : next;
      if (answer === 'hang') return;
      if (answer === 'destroy') {
        req.socket.destroy();
        return;
      }
      const isJson =
        answer.body !== undefined && typeof answer.body !== 'string';
      res.writeHead(answer.status, {
        ...(isJson ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      });
      let text = '';
      if (isJson) text = JSON.stringify(answer.body);
      else if (answer.body !== undefined) text = answer.body as string;
      res.end(text);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script(...next) {
      answers = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** A `sleep` that records the delays asked for and returns at once. */
export function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { delays, sleep };
}
