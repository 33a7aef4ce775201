import { test, expect } from '@playwright/test';
import { signIn } from './portal';

const SCREENSHOTS = '.data/e2e/screenshots';

test('the catalog lists the demo entities and opens the Supabase project', async ({
  page,
}) => {
  await signIn(page);

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // The catalog is the portal's root page (app-config: page:catalog path /).
  await page.goto('/?filters[kind]=resource&filters[user]=all');
  const project = page.getByRole('link', {
    name: 'Acme Tasks (Supabase project)',
  });
  await expect(project).toBeVisible();
  await project.click();

  await expect(page).toHaveURL(/\/catalog\/default\/resource\/acme-tasks-db/);
  await expect(
    page.getByRole('heading', { name: 'Acme Tasks (Supabase project)' }),
  ).toBeVisible();
  await expect(page.getByText('supabase-project').first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Tasks Team' }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/demo-project-entity.png`,
    fullPage: true,
  });
});
