import { browserSpec, catalogPath } from './browserCheck';

describe('browserSpec', () => {
  it("checks the sidebar items, both pages and the entity's Parity tab", () => {
    const spec = browserSpec('resource:default/shop-db');
    expect(spec).toContain("name: 'Scorecards', exact: true");
    expect(spec).toContain("toHaveAttribute('href', '/platform-kit/jobs')");
    expect(spec).toContain("page.getByText('shop-db')");
    expect(spec).toContain("page.goto('/catalog/default/resource/shop-db')");
    expect(spec).toContain('/^Score: \\d+ of 100$/');
  });
});

describe('catalogPath', () => {
  it('turns an entity ref into the entity page path', () => {
    expect(catalogPath('resource:default/shop-db')).toBe(
      'default/resource/shop-db',
    );
    expect(catalogPath('Component:web')).toBe('default/component/web');
    expect(() => catalogPath('shop-db')).toThrow(/not an entity ref/);
  });
});
