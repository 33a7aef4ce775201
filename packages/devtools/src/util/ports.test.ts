import net from 'node:net';
import { assertPortsFree, findFreePort, isPortFree } from './ports';

describe('ports', () => {
  it('reports a taken port in one sentence that says what to do', async () => {
    const server = net.createServer();
    const port = await findFreePort();
    await new Promise<void>(resolve => server.listen(port, resolve));
    try {
      expect(await isPortFree(port)).toBe(false);
      await expect(assertPortsFree([port])).rejects.toThrow(
        `Port ${port} is already in use: stop the process listening on it`,
      );
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
    await expect(assertPortsFree([port])).resolves.toBeUndefined();
  });
});
