import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderWithApi } from '../../__testUtils__/renderWithApi';
import { ParityHeader } from './ParityHeader';
import { ENTITY_REF, parity } from './testFixtures';

// usePermission caches decisions per test module, so this file only denies.
describe('ParityHeader without permission to scan', () => {
  it('disables "Scan now" and says why', async () => {
    const deny = [
      permissionApiRef,
      // AuthorizeResult.DENY of @backstage/plugin-permission-common
      mockApis.permission({ authorize: 'DENY' as any }),
    ] as [any, any];
    await renderWithApi(
      <ParityHeader entityRef={ENTITY_REF} parity={parity()} />,
      { extraApis: [deny] },
    );
    expect(
      screen.getByRole('group', { name: 'Score: 82 of 100' }),
    ).toBeInTheDocument();
    const button = await screen.findByRole('button', { name: 'Scan now' });
    expect(button).toBeDisabled();
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByText('You are not allowed to start scans'),
    ).toBeInTheDocument();
  });
});
