import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApi } from '../../__testUtils__/renderWithApi';
import { CapabilityMatrix } from './CapabilityMatrix';
import { capabilities } from './testFixtures';

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
});
