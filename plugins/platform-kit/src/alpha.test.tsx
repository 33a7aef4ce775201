import { screen, within } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import platformKitPlugin from './alpha';

jest.setTimeout(30_000);

describe('the new frontend system plugin in an app', () => {
  it('puts Scorecards and Jobs into the app sidebar', async () => {
    // The app plugin's own navigation: a page is listed only when it has an icon.
    renderTestApp({
      features: [platformKitPlugin],
      initialRouteEntries: ['/not-a-platform-kit-page'],
    });
    const nav = await screen.findByRole('navigation');
    expect(
      within(nav).getByRole('link', { name: /Scorecards/ }),
    ).toHaveAttribute('href', '/platform-kit');
    expect(within(nav).getByRole('link', { name: /Jobs/ })).toHaveAttribute(
      'href',
      '/platform-kit/jobs',
    );
  });
});
