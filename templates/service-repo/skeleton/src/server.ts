import {
  createServer as createHttpServer,
  Server,
  ServerResponse,
} from 'node:http';

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
  });
  response.end(JSON.stringify(body));
}

/**
 * The service's HTTP server. `GET /healthz` answers 200 `{"status":"ok"}` for load balancers,
 * the container's HEALTHCHECK and Kubernetes probes; every other path is 404.
 */
export function createServer(): Server {
  return createHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        sendJson(response, 405, { error: 'method not allowed' });
        return;
      }
      sendJson(response, 200, { status: 'ok' });
      return;
    }
    sendJson(response, 404, { error: 'not found' });
  });
}
