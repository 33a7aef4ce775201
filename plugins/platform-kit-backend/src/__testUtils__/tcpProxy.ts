import net from 'node:net';
import { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a server that can hold new connections: a scan
 * through it waits at "connecting" until released, which lets a test act in
 * the middle of a scan.
 */
export async function startTcpProxy(upstream: { host: string; port: number }) {
  let held = false;
  const waiting: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const connect = () => {
      const remote = net.connect(upstream.port, upstream.host);
      sockets.add(remote);
      remote.on('close', () => sockets.delete(remote));
      client.pipe(remote).pipe(client);
      const end = () => {
        client.destroy();
        remote.destroy();
      };
      client.on('error', end);
      remote.on('error', end);
    };
    if (held) waiting.push(connect);
    else connect();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    /** New connections wait until release(). */
    hold() {
      held = true;
    },
    release() {
      held = false;
      waiting.splice(0).forEach(connect => connect());
    },
    get waiting() {
      return waiting.length;
    },
    async close() {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}
