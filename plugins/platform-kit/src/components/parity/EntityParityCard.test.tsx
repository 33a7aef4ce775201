import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  API,
  demoEntity,
  renderWithApi,
} from '../../__testUtils__/renderWithApi';
import { EntityParityCard } from './EntityParityCard';
import { ENTITY_REF, PARITY_PATH, parity } from './testFixtures';

const server = setupServer();
registerMswTestHooks(server);

describe('EntityParityCard', () => {
  it('shows the score, status counts and the three worst capabilities', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () => HttpResponse.json(parity())),
    );
    await renderWithApi(<EntityParityCard />, { entity: demoEntity });

    expect(
      await screen.findByRole('group', { name: 'Score: 82 of 100' }),
    ).toBeInTheDocument();
    const counts = screen.getByRole('list', { name: 'Capabilities by status' });
    expect(within(counts).getByText('Fail: 2')).toBeInTheDocument();
    expect(within(counts).getByText('Partial: 1')).toBeInTheDocument();
    expect(within(counts).getByText('Pass: 1')).toBeInTheDocument();
    expect(within(counts).getByText('Exempted: 1')).toBeInTheDocument();

    const worst = screen.getByRole('list', { name: 'Worst capabilities' });
    expect(
      within(worst)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      expect.stringContaining('Row level security on exposed tables'),
      expect.stringContaining('Foreign keys indexed'),
      expect.stringContaining('Point in time recovery'),
    ]);
    expect(screen.getByRole('link', { name: /view parity/i })).toHaveAttribute(
      'href',
      expect.stringMatching(/parity$/),
    );
  });

  it('explains a 404', async () => {
    server.use(
      http.get(`${API}${PARITY_PATH}`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: `${ENTITY_REF} has not been evaluated yet`,
            },
            // Backstage's error handler also sends the response status
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await renderWithApi(<EntityParityCard />, { entity: demoEntity });
    expect(
      await screen.findByText(`${ENTITY_REF} has not been evaluated yet`),
    ).toBeInTheDocument();
  });
});
