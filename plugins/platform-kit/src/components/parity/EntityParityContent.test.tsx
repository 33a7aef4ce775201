import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  API,
  demoEntity,
  renderWithApi,
} from '../../__testUtils__/renderWithApi';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import { EntityParityContent } from './EntityParityContent';
import { ENTITY_REF, PARITY_PATH, parity } from './testFixtures';

const server = setupServer();
registerMswTestHooks(server);

const allow = [permissionApiRef, mockApis.permission()] as [any, any];

// The matrix loads the entity's exemptions beside the capabilities.
const noExemptions = http.get(`${API}/exemptions`, () =>
  HttpResponse.json({ items: [] }),
);
// The test app, material-table and typing are slow on a busy machine.
jest.setTimeout(30_000);

function render(element = <EntityParityContent pollIntervalMs={10} />) {
  return renderWithApi(element, { entity: demoEntity, extraApis: [allow] });
}

describe('EntityParityContent', () => {
  beforeEach(() => server.use(noExemptions));

  it('loads the parity and shows the header and the matrix', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => HttpResponse.json(parity())),
    );
    await render(
      <EntityParityContent extra={<div>Findings panel slot</div>} />,
    );

    expect(
      await screen.findByRole('group', { name: 'Score: 82 of 100' }),
    ).toBeInTheDocument();
    expect(screen.getByText('+4.5 since last week')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: /score trend over 90 days: from 60 .* to 82/i,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Last evaluated 3 hours ago')).toBeInTheDocument();
    const matrix = screen.getByRole('table', { name: 'Capability matrix' });
    expect(
      within(matrix).getByRole('button', {
        name: 'Row level security on exposed tables',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Findings panel slot')).toBeInTheDocument();
  });

  it('shows "Not evaluated" when there is no score', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () =>
        HttpResponse.json(parity({ score: null, history: [] })),
      ),
    );
    await render();
    expect(await screen.findByText('Not evaluated')).toBeInTheDocument();
    expect(screen.getByText('no data a week ago')).toBeInTheDocument();
  });

  it('explains a 404 with the message of the API', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: `${ENTITY_REF} has no Platform Kit profile: no capabilities apply to it`,
            },
          },
          { status: 404 },
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText('No parity for this entity yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `${ENTITY_REF} has no Platform Kit profile: no capabilities apply to it`,
      ),
    ).toBeInTheDocument();
  });

  it('shows an error panel on a server error', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is down' } },
          { status: 500 },
        ),
      ),
    );
    await render();
    expect(
      (await screen.findAllByText(/database is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Scan now')).not.toBeInTheDocument();
  });

  it('requests a scan, polls it until it finishes, then reloads', async () => {
    let parityCalls = 0;
    let polls = 0;
    let posted: unknown;
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => {
        parityCalls += 1;
        return HttpResponse.json(
          parityCalls === 1 ? parity() : parity({ score: 91 }),
        );
      }),
      http.post(`${API}/scans`, async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json(
          { scanId: 'scan-2', scanIds: ['scan-2'] },
          { status: 202 },
        );
      }),
      http.get(`${API}/scans/scan-2`, () => {
        polls += 1;
        return HttpResponse.json({
          id: 'scan-2',
          targetId: 't',
          entityRef: ENTITY_REF,
          status: polls < 3 ? 'running' : 'succeeded',
          attempts: 1,
          requestedBy: null,
          queuedAt: new Date().toISOString(),
          startedAt: null,
          finishedAt: null,
          error: null,
          logs: [],
        });
      }),
    );
    await render();
    const button = await screen.findByRole('button', { name: 'Scan now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    expect(
      await screen.findByRole('progressbar', { name: 'Scan in progress' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('group', { name: 'Score: 91 of 100' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Scan finished')).toBeInTheDocument();
    expect(posted).toEqual({ entityRef: ENTITY_REF });
    expect(polls).toBe(3);
    expect(parityCalls).toBe(2);
  });

  it('says when a scan failed, and still reloads', async () => {
    let parityCalls = 0;
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => {
        parityCalls += 1;
        return HttpResponse.json(parity());
      }),
      http.post(`${API}/scans`, () =>
        HttpResponse.json(
          { scanId: 'scan-3', scanIds: ['scan-3', 'scan-4'] },
          { status: 202 },
        ),
      ),
      http.get(`${API}/scans/:id`, ({ params }) =>
        HttpResponse.json({
          id: params.id,
          targetId: 't',
          entityRef: ENTITY_REF,
          status: params.id === 'scan-3' ? 'failed' : 'succeeded',
          attempts: 3,
          requestedBy: null,
          queuedAt: new Date().toISOString(),
          startedAt: null,
          finishedAt: null,
          error: 'connection refused',
          logs: [],
        }),
      ),
    );
    await render();
    const button = await screen.findByRole('button', { name: 'Scan now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(
      await screen.findByText('Scan finished: 1 of 2 failed'),
    ).toBeInTheDocument();
    await waitFor(() => expect(parityCalls).toBe(2));
  });

  it('shows why a scan could not be requested', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => HttpResponse.json(parity())),
      http.post(`${API}/scans`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No Platform Kit target' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await render();
    const button = await screen.findByRole('button', { name: 'Scan now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not scan: No Platform Kit target',
    );
  });

  it('follows signals: a finished scan ends the wait at once, a re-evaluation reloads the score', async () => {
    let parityCalls = 0;
    let scanStatus = 'running';
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => {
        parityCalls += 1;
        return HttpResponse.json(parity({ score: 40 + parityCalls }));
      }),
      http.post(`${API}/scans`, () =>
        HttpResponse.json(
          { scanId: 'scan-3', scanIds: ['scan-3'] },
          { status: 202 },
        ),
      ),
      http.get(`${API}/scans/scan-3`, () =>
        HttpResponse.json({
          id: 'scan-3',
          targetId: 't',
          entityRef: ENTITY_REF,
          status: scanStatus,
          attempts: 1,
          requestedBy: null,
          queuedAt: new Date().toISOString(),
          startedAt: null,
          finishedAt: null,
          error: null,
          logs: [],
        }),
      ),
    );
    const signals = fakeSignals();
    const channel = `platform-kit:entity:${ENTITY_REF}`;
    // Polling alone would take 10 minutes here.
    await renderWithApi(<EntityParityContent pollIntervalMs={60_000} />, {
      entity: demoEntity,
      extraApis: [allow, [signalApiRef, signals.api]],
    });
    expect(
      await screen.findByRole('group', { name: 'Score: 41 of 100' }),
    ).toBeInTheDocument();

    // A scheduled scan elsewhere re-evaluated the entity.
    signals.publish(channel, { type: 'parity' });
    expect(
      await screen.findByRole('group', { name: 'Score: 42 of 100' }),
    ).toBeInTheDocument();

    const button = await screen.findByRole('button', { name: 'Scan now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(
      await screen.findByRole('progressbar', { name: 'Scan in progress' }),
    ).toBeInTheDocument();
    scanStatus = 'succeeded';
    signals.publish(channel, {
      type: 'scan',
      id: 'scan-3',
      status: scanStatus,
    });
    expect(await screen.findByText('Scan finished')).toBeInTheDocument();
    expect(
      await screen.findByRole('group', { name: 'Score: 43 of 100' }),
    ).toBeInTheDocument();
  });
});
