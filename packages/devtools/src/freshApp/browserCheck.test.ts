import { browserSpec } from './browserCheck';

describe('browserSpec', () => {
  it("checks the sidebar items, both pages and the entity's Parity tab", () => {
    const spec = browserSpec('resource/default/shop-db');
    expect(spec).toContain("name: 'Scorecards', exact: true");
    expect(spec).toContain("toHaveAttribute('href', '/platform-kit/jobs')");
    expect(spec).toContain("page.getByText('shop-db')");
    expect(spec).toContain("page.goto('/catalog/resource/default/shop-db')");
    expect(spec).toContain('/^Score: \\d+ of 100$/');
  });
});
