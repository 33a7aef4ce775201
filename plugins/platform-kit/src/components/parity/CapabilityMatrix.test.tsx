import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockPermissionApi, registerMswTestHooks } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { API, renderWithApi } from '../../__testUtils__/renderWithApi';
import { Exemption } from '../../api/types';
import { CapabilityMatrix } from './CapabilityMatrix';
import { ENTITY_REF, capabilities } from './testFixtures';

const server = setupServer();
registerMswTestHooks(server);
// The test app and typing are slow on a busy machine.
jest.setTimeout(30_000);

/** Active, but the parity has not counted it yet (it was not re-evaluated). */
const backupsExemption: Exemption = {
  id: '11111111-1111-4111-8111-111111111111',
  entityRef: ENTITY_REF,
  capabilityId: 'backups',
  reason: 'Backups move to the new cluster next sprint.',
  requestedBy: 'user:default/ada',
  expiresAt: '2099-01-01T00:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
  active: true,
};
const expiredRlsExemption: Exemption = {
  ...backupsExemption,
  id: '22222222-2222-4222-8222-222222222222',
  capabilityId: 'rls-exposed-tables',
  reason: 'Legacy tables were being migrated.',
  expiresAt: '2026-01-01T00:00:00.000Z',
  active: false,
};

function serveExemptions(items: Exemption[]) {
  const state = { items: [...items], posted: [] as any[] };
  server.use(
    http.get(`${API}/exemptions`, ({ request }) => {
      expect(new URL(request.url).searchParams.get('entityRef')).toBe(
        ENTITY_REF,
      );
      return HttpResponse.json({ items: state.items });
    }),
    http.post(`${API}/exemptions`, async ({ request }) => {
      const body = (await request.json()) as any;
      state.posted.push(body);
      const created: Exemption = {
        ...backupsExemption,
        id: '33333333-3333-4333-8333-333333333333',
        capabilityId: body.capabilityId,
        reason: body.reason,
        expiresAt: body.expiresAt,
        requestedBy: 'user:default/guest',
      };
      state.items.push(created);
      return HttpResponse.json(created, { status: 201 });
    }),
  );
  return state;
}

const rowOf = (title: string) =>
  screen.getByRole('button', { name: title }).closest('tr')!;

/** `YYYY-MM-DD` (UTC) `days` from now. */
const day = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('CapabilityMatrix', () => {
  it('shows one row per applicable capability with status and severity', async () => {
    await renderWithApi(<CapabilityMatrix results={capabilities} />);
    const table = screen.getByRole('table', { name: 'Capability matrix' });
    // header row + 5 applicable capabilities
    expect(within(table).getAllByRole('row')).toHaveLength(6);
    const row = screen
      .getByRole('button', { name: 'Row level security on exposed tables' })
      .closest('tr')!;
    expect(within(row).getByLabelText('Status: Fail')).toBeInTheDocument();
    expect(
      within(row).getByLabelText('Severity 5 of 5 (Critical)'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Edge functions verify JWT'),
    ).not.toBeInTheDocument();
  });

  it('shows not applicable capabilities on request', async () => {
    await renderWithApi(<CapabilityMatrix results={capabilities} />);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show not applicable (1)' }),
    );
    const row = screen.getByText('Edge functions verify JWT').closest('tr')!;
    expect(
      within(row).getByLabelText('Status: Not applicable'),
    ).toBeInTheDocument();
  });

  it('opens the evidence by keyboard: contracts, findings and facts', async () => {
    await renderWithApi(<CapabilityMatrix results={capabilities} />);
    const user = userEvent.setup();
    const button = screen.getByRole('button', {
      name: 'Row level security on exposed tables',
    });
    button.focus();
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');

    const dialog = await screen.findByRole('dialog', {
      name: 'Evidence: Row level security on exposed tables',
    });
    expect(
      within(dialog).getByText('RLS enabled on public tables'),
    ).toBeInTheDocument();
    const findings = within(dialog).getByRole('table', {
      name: 'Findings for RLS enabled on public tables',
    });
    expect(
      within(findings).getByText('rls_disabled_in_public'),
    ).toBeInTheDocument();
    expect(within(findings).getByText('ERROR')).toBeInTheDocument();
    expect(
      within(findings).getByText(
        'Table public.tasks is public, but RLS has not been enabled.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('rlsEverywhere:')).toBeInTheDocument();
    expect(within(dialog).getByText('false')).toBeInTheDocument();
    expect(within(dialog).getByText('policiesPresent:')).toBeInTheDocument();
    expect(within(dialog).getByText('not reported')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await screen.findByRole('button', {
      name: 'Row level security on exposed tables',
    });
  });

  it('shows the exemption and the note of an exempted capability', async () => {
    await renderWithApi(<CapabilityMatrix results={capabilities} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'MFA for dashboard users' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Reason: SSO enforces MFA upstream'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Requested by: user:default/jane'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Until: 2027-01-31')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Note: The organisation API was not reachable'),
    ).toBeInTheDocument();
  });

  it('shows the exemption beside its capability', async () => {
    await renderWithApi(<CapabilityMatrix results={capabilities} />);
    const table = screen.getByRole('table', { name: 'Capability matrix' });
    expect(
      within(table).getByRole('columnheader', { name: 'Exemption' }),
    ).toBeInTheDocument();
    const mfa = within(rowOf('MFA for dashboard users')).getByRole('region', {
      name: 'Exemption for MFA for dashboard users',
    });
    expect(
      within(mfa).getByText('SSO enforces MFA upstream'),
    ).toBeInTheDocument();
    expect(
      within(mfa).getByText('Until 2027-01-31 · user:default/jane'),
    ).toBeInTheDocument();
    // Without an entity nothing can be requested.
    expect(
      within(rowOf('Row level security on exposed tables')).getByLabelText(
        'No exemption',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Request exemption/ }),
    ).not.toBeInTheDocument();
  });

  describe('with the entity', () => {
    const render = (onChanged = jest.fn()) =>
      renderWithApi(
        <CapabilityMatrix
          results={capabilities}
          entityRef={ENTITY_REF}
          onChanged={onChanged}
        />,
        {
          extraApis: [
            [permissionApiRef, new MockPermissionApi(() => 'ALLOW' as never)],
          ],
        },
      );

    it('shows exemptions the parity does not count yet, and offers to request one where it fails', async () => {
      serveExemptions([backupsExemption, expiredRlsExemption]);
      await render();
      const backups = rowOf('Point in time recovery');
      expect(
        await within(backups).findByText(
          'Backups move to the new cluster next sprint.',
        ),
      ).toBeInTheDocument();
      expect(
        within(backups).getByText('Until 2099-01-01 · user:default/ada'),
      ).toBeInTheDocument();
      expect(
        within(backups).queryByRole('button', { name: /Request exemption/ }),
      ).not.toBeInTheDocument();
      // An expired exemption does not count: the failing capability can get a new one.
      const rls = rowOf('Row level security on exposed tables');
      expect(
        within(rls).queryByText('Legacy tables were being migrated.'),
      ).not.toBeInTheDocument();
      expect(
        await within(rls).findByRole('button', {
          name: 'Request exemption for Row level security on exposed tables',
        }),
      ).toBeInTheDocument();
      // Passing and exempted capabilities offer none.
      for (const title of [
        'No secrets in repository',
        'MFA for dashboard users',
      ])
        expect(
          within(rowOf(title)).queryByRole('button', {
            name: /Request exemption/,
          }),
        ).not.toBeInTheDocument();
      expect(
        screen.getAllByRole('button', { name: /^Request exemption for/ }),
      ).toHaveLength(2);
    });

    it('requests an exemption from the row: validated, posted, then shown and the parity reloaded', async () => {
      const state = serveExemptions([]);
      const onChanged = jest.fn();
      await render(onChanged);
      const request = await screen.findByRole('button', {
        name: 'Request exemption for Foreign keys indexed',
      });
      await waitFor(() => expect(request).toBeEnabled());
      await userEvent.click(request);

      const dialog = await screen.findByRole('dialog', {
        name: 'Request exemption',
      });
      // Prefilled with the capability of the row.
      expect(within(dialog).getByLabelText('Capability')).toHaveDisplayValue(
        'Foreign keys indexed',
      );
      const submit = within(dialog).getByRole('button', { name: 'Request' });
      await userEvent.click(submit);
      expect(
        within(dialog).getByText('Give a reason of at least 10 characters'),
      ).toBeInTheDocument();

      await userEvent.type(
        within(dialog).getByLabelText(/Reason/),
        'Indexes come with the schema rework in Q1.',
      );
      const until = within(dialog).getByLabelText(/Expires on/);
      await userEvent.clear(until);
      await userEvent.type(until, day(-1));
      await userEvent.click(submit);
      expect(
        within(dialog).getByText('The expiry must be in the future'),
      ).toBeInTheDocument();
      await userEvent.clear(until);
      await userEvent.type(until, day(400));
      await userEvent.click(submit);
      expect(
        within(dialog).getByText('An exemption can last at most 366 days'),
      ).toBeInTheDocument();
      expect(state.posted).toHaveLength(0);

      await userEvent.clear(until);
      await userEvent.type(until, day(45));
      await userEvent.click(submit);

      expect(
        await screen.findByText(
          `Exemption for Foreign keys indexed requested until ${day(45)}.`,
        ),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(state.posted).toEqual([
        {
          entityRef: ENTITY_REF,
          capabilityId: 'indexes',
          reason: 'Indexes come with the schema rework in Q1.',
          expiresAt: `${day(45)}T00:00:00.000Z`,
        },
      ]);
      expect(onChanged).toHaveBeenCalledTimes(1);
      const row = rowOf('Foreign keys indexed');
      expect(
        await within(row).findByText(
          'Indexes come with the schema rework in Q1.',
        ),
      ).toBeInTheDocument();
      expect(
        within(row).getByText(`Until ${day(45)} · user:default/guest`),
      ).toBeInTheDocument();
      expect(
        within(row).queryByRole('button', { name: /Request exemption/ }),
      ).not.toBeInTheDocument();
    });

    it("shows the server's message when the request is refused", async () => {
      serveExemptions([]);
      server.use(
        http.post(`${API}/exemptions`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'Unknown capability backups',
              },
            },
            { status: 400 },
          ),
        ),
      );
      const onChanged = jest.fn();
      await render(onChanged);
      const request = await screen.findByRole('button', {
        name: 'Request exemption for Point in time recovery',
      });
      await waitFor(() => expect(request).toBeEnabled());
      await userEvent.click(request);
      const dialog = await screen.findByRole('dialog');
      await userEvent.type(
        within(dialog).getByLabelText(/Reason/),
        'PITR is bought with the next plan upgrade.',
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Request' }),
      );
      expect(
        await within(dialog).findByText('Unknown capability backups'),
      ).toBeInTheDocument();
      expect(onChanged).not.toHaveBeenCalled();
    });
  });
});
