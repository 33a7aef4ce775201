import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A base URL on 127.0.0.1 where nothing listens (a port just released). */
export async function deadBaseUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
