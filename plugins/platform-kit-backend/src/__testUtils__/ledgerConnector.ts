import http from 'node:http';
import net from 'node:net';
import { AddressInfo } from 'node:net';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  ConnectorBase,
  ConnectorOptions,
  HttpClient,
} from '@platform-kit/connector-sdk';
import {
  ConnectorType,
  platformKitConnectorsExtensionPoint,
} from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';

/** The ledger's API key: the connector's secret. */
export const LEDGER_API_KEY = 'ledger-key-3f9c1a7e';

/** A request the ledger received: its path and the API key it carried. */
export interface LedgerRequest {
  path: string;
  apiKey?: string;
}

/** A small ledger service: flows behind an API key, and a health endpoint; it records every request. */
export interface Ledger {
  url: string;
  state: {
    /** Answer 503 (with the key in the message) to every flows request. */
    failing: boolean;
    items: string[];
    /** Add a new flow after every flows request, as a live source may. */
    growing: boolean;
  };
  requests: LedgerRequest[];
  /** How many requests of a path it received. */
  count(path: string): number;
  close(): Promise<void>;
}

function listen(server: http.Server | net.Server): Promise<string> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

export async function startLedger(): Promise<Ledger> {
  const state = {
    failing: false,
    items: ['invoices', 'payments'],
    growing: false,
  };
  const requests: LedgerRequest[] = [];
  const server = http.createServer((req, res) => {
    const apiKey = req.headers['x-api-key'] as string | undefined;
    requests.push({ path: req.url ?? '', apiKey });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return json(200, { ok: true });
    if (apiKey !== LEDGER_API_KEY)
      return json(401, { message: 'unauthorized' });
    if (state.failing)
      return json(503, {
        message: `maintenance, key ${LEDGER_API_KEY} is fine`,
      });
    const flows = [...state.items];
    if (state.growing) state.items.push(`flow-${state.items.length + 1}`);
    return json(200, { flows });
  });
  const url = await listen(server);
  return {
    url,
    state,
    requests,
    count: path => requests.filter(r => r.path === path).length,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/**
 * A dead endpoint that records what reaches it: it reads a request's bytes
 * and drops the connection without answering.
 */
export async function startDeadEndpoint() {
  const received: string[] = [];
  const server = net.createServer(socket => {
    socket.on('data', data => {
      received.push(data.toString('utf8'));
      socket.destroy();
    });
    socket.on('error', () => {});
  });
  const url = await listen(server);
  return {
    url,
    received,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

export interface LedgerOptions extends ConnectorOptions {
  apiKey: string;
}

/** A connector on the SDK, as a connector module would write it. */
export class LedgerConnector extends ConnectorBase<LedgerOptions> {
  readonly kind = 'ledger';
  private readonly http = new HttpClient({
    baseUrl: this.options.baseUrl,
    headers: { 'x-api-key': this.options.apiKey },
    retries: 0,
    timeoutMs: 2000,
  });

  async inventory() {
    const { flows } = await this.http.get<{ flows: string[] }>('/flows');
    return {
      connector: { id: this.id, kind: this.kind },
      capturedAt: new Date().toISOString(),
      items: flows.map(name => ({
        id: name,
        type: 'flow',
        name,
        tags: [],
        relations: [],
        attributes: {},
      })),
    };
  }

  async health() {
    const started = Date.now();
    const check = (status: 'up' | 'down', detail?: string) => ({
      status,
      checkedAt: new Date().toISOString(),
      checks: [
        {
          name: 'health',
          status,
          latencyMs: Date.now() - started,
          ...(detail ? { detail } : {}),
        },
      ],
    });
    try {
      await this.http.get('/health');
      return check('up');
    } catch (error) {
      return check('down', String((error as Error).message));
    }
  }

  capabilities() {
    return [{ id: 'inventory.flows', title: 'Lists flows' }];
  }

  contractTests() {
    return [
      {
        id: 'ledger.flows-listed',
        title: 'The key lists flows',
        run: async () => ({ flows: (await this.inventory()).items.length }),
      },
    ];
  }
}

export const ledgerOptionsSchema = z.object({
  baseUrl: z.string().url(),
  apiKey: z.string().min(8),
});

export const ledgerConnectorType: ConnectorType<
  z.infer<typeof ledgerOptionsSchema>
> = {
  kind: 'ledger',
  optionsSchema: ledgerOptionsSchema,
  secrets: o => [o.apiKey],
  create: (id, o) => new LedgerConnector({ ...o, id }),
};

/** The backend module that installs the ledger connector type. */
export const ledgerModule = createBackendModule({
  pluginId: 'platform-kit',
  moduleId: 'ledger',
  register(env) {
    env.registerInit({
      deps: {
        connectors: platformKitConnectorsExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ connectors }) {
        connectors.addConnectorType(ledgerConnectorType);
      },
    });
  },
});
