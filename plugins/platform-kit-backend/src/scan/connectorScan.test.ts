import { z } from 'zod';
import {
  LEDGER_API_KEY,
  LedgerConnector,
  ledgerConnectorType,
  startLedger,
} from '../__testUtils__/ledgerConnector';
import { ConnectorRegistry } from '../connectors/ConnectorRegistry';
import { collectConnectorSnapshot } from './connectorScan';

/** A ledger connector whose inventory() breaks the SDK's schema. */
class SloppyLedger extends LedgerConnector {
  // Deliberately not an inventory: numeric ids.
  override async inventory(): Promise<any> {
    const inventory = await super.inventory();
    return { ...inventory, items: inventory.items.map(i => ({ ...i, id: 7 })) };
  }
}

describe('collectConnectorSnapshot', () => {
  it('fails a scan whose inventory breaks the schema, naming where, without the key', async () => {
    const ledger = await startLedger();
    try {
      const registry = new ConnectorRegistry();
      registry.addConnectorType({
        ...ledgerConnectorType,
        kind: 'sloppy',
        optionsSchema: z.object({ baseUrl: z.string(), apiKey: z.string() }),
        create: (id, o) => new SloppyLedger({ ...o, id }) as any,
      });
      const resolved = registry.resolve(
        {
          id: 'ledger-prod',
          entityRef: 'resource:default/ledger-prod',
          kind: 'connector',
          connector: 'sloppy',
          options: { baseUrl: ledger.url, apiKey: LEDGER_API_KEY },
        } as any,
        'platformKit.targets[0]',
      );
      const error: Error = await collectConnectorSnapshot(
        registry,
        resolved,
      ).then(
        () => new Error('collected'),
        e => e,
      );
      expect(error.message).toBe(
        "sloppy connector ledger-prod: inventory() does not match the SDK's schema at items.0.id: Invalid input: expected string, received number",
      );
      // One inventory() call; health() is not asked once the inventory is refused.
      expect(ledger.requests.map(r => r.path)).toEqual(['/flows']);
    } finally {
      await ledger.close();
    }
  });

  it('stores no contract run when none is recorded, and no fact about one', async () => {
    const ledger = await startLedger();
    try {
      const registry = new ConnectorRegistry();
      registry.addConnectorType(ledgerConnectorType);
      const resolved = registry.resolve(
        {
          id: 'ledger-prod',
          entityRef: 'resource:default/ledger-prod',
          kind: 'connector',
          connector: 'ledger',
          options: { baseUrl: ledger.url, apiKey: LEDGER_API_KEY },
        } as any,
        'platformKit.targets[0]',
      );
      const snapshot = await collectConnectorSnapshot(registry, resolved, {
        store: { latest: async () => undefined },
        targetId: '00000000-0000-4000-8000-000000000000',
      });
      expect(snapshot.contracts).toBeUndefined();
      expect(snapshot.facts).toEqual({ 'connector.healthy': true });
      expect(snapshot.factsObservedAt).toEqual({});
      expect(snapshot.items.map(i => i.id)).toEqual(['invoices', 'payments']);
    } finally {
      await ledger.close();
    }
  });
});
