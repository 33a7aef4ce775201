import http from 'node:http';
import { AddressInfo } from 'node:net';
import { parseParityFile } from '@platform-kit/plugin-platform-kit-node';
import { uploadResults } from './commands/parityUpload';

const TOKEN = 'ci-token-5f4e3d2c1b0a9988';

const current = parseParityFile(
  {
    entityRef: 'component:default/shop',
    evaluatedAt: '2026-01-01T00:00:00.000Z',
    score: null,
    results: [],
  },
  'current.json',
);

/** A server that answers `POST /api/platform-kit/results` as scripted (`undefined`: never). */
async function server(
  answer: () => { status: number; type: string; body: string } | undefined,
) {
  const bodies: unknown[] = [];
  const srv = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      const scripted = answer();
      if (!scripted) return;
      res.writeHead(scripted.status, { 'content-type': scripted.type });
      res.end(scripted.body);
    });
  });
  await new Promise<void>(r => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  return {
    url,
    bodies,
    close: () =>
      new Promise(r => {
        srv.close(r);
        srv.closeAllConnections();
      }),
  };
}

const upload = (url: string, timeoutMs?: number) =>
  uploadResults(current, {
    url,
    token: TOKEN,
    tokenEnv: 'PLATFORM_KIT_TOKEN',
    timeoutMs,
  }).catch((error: Error) => error);

describe('uploadResults', () => {
  it('sends the results document and gives up on a control plane that does not answer', async () => {
    const silent = await server(() => undefined);
    try {
      const error = await upload(silent.url, 200);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `upload failed: the control plane at ${silent.url}/api/platform-kit/results did not answer within 0.2 s`,
      );
      expect(silent.bodies).toEqual([
        {
          entityRef: 'component:default/shop',
          findings: [],
          parity: current.parity,
        },
      ]);
    } finally {
      await silent.close();
    }
  });

  it('tells a server that is not the control plane from one that refuses, never printing the token', async () => {
    const answers = [
      { status: 404, type: 'text/html', body: '<h1>Not Found</h1>' },
      { status: 502, type: 'text/plain', body: 'Bad gateway' },
      {
        status: 500,
        type: 'application/json',
        body: JSON.stringify({
          error: { name: 'Error', message: `token ${TOKEN} is odd` },
        }),
      },
      {
        status: 201,
        type: 'application/json',
        body: JSON.stringify({ scan: 'x' }),
      },
      { status: 201, type: 'application/json', body: '{"scanId": ' },
    ];
    const srv = await server(() => answers.shift());
    const messages: string[] = [];
    try {
      for (let i = 0; i < 5; i++)
        messages.push(((await upload(`${srv.url}/`)) as Error).message);
    } finally {
      await srv.close();
    }
    expect(messages).toEqual([
      `upload failed: ${srv.url}/api/platform-kit/results was not found (404): is ${srv.url}/ the Backstage backend with the Platform Kit plugin?`,
      'upload failed: the control plane answered 502',
      'upload failed: the control plane answered 500: token <token> is odd',
      "upload failed: the control plane answered 201: The Platform Kit backend's answer to /api/platform-kit/results does not match its API: scanId: Invalid input: expected string, received undefined",
      expect.stringMatching(
        /^upload failed: The Platform Kit backend's answer could not be read: /,
      ),
    ]);
    expect(messages.join('\n')).not.toContain(TOKEN);
  });
});
