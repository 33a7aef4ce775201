import {
  KubernetesValidatorFunctions,
  makeValidator,
} from '@backstage/catalog-model';
import { entityName, sanitizeTag } from './names';

const validator = makeValidator();

describe('entityName', () => {
  it('keeps names that are already valid, lower-case and short', () => {
    expect(entityName('superset-prod', 'dashboard', '12')).toBe(
      'superset-prod-dashboard-12',
    );
  });

  it('adds a hash when sanitizing changed something, so case-different ids stay apart', () => {
    const a = entityName('n8n-prod', 'workflow', 'AbC');
    const b = entityName('n8n-prod', 'workflow', 'abc');
    expect(a).toMatch(/^n8n-prod-workflow-abc-[0-9a-f]{8}$/);
    expect(b).toBe('n8n-prod-workflow-abc');
    expect(a).not.toBe(b);
  });

  it('is stable across runs and truncates long names to 63 characters with a hash', () => {
    const long = 'x'.repeat(200);
    const name = entityName('odoo', 'model', long);
    expect(name).toHaveLength(63);
    expect(entityName('odoo', 'model', long)).toBe(name);
    expect(entityName('odoo', 'model', `${long}y`)).not.toBe(name);
  });

  it.each([
    ['odoo', 'model', 'sale.order'],
    ['n8n', 'workflow', '--Ünïcode ✓ name__'],
    ['a', 'b', '...'],
    ['superset', 'dataset', 'public..orders--_x'],
  ])('produces valid Backstage names from %s/%s/%s', (...parts) => {
    const name = entityName(...parts);
    expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
    expect(validator.isValidEntityName(name)).toBe(true);
  });
});

describe('sanitizeTag', () => {
  it.each([
    ['CRM sync', 'crm-sync'],
    ['  Nightly ', 'nightly'],
    ['c++/#1', 'c++-#1'],
  ])('turns %s into %s', (raw, tag) => {
    expect(sanitizeTag(raw)).toBe(tag);
    expect(validator.isValidTag(tag)).toBe(true);
  });

  it('drops tags with nothing valid left and cuts long ones', () => {
    expect(sanitizeTag('✓✓')).toBeUndefined();
    const long = sanitizeTag('a-'.repeat(60))!;
    expect(long.length).toBeLessThanOrEqual(63);
    expect(validator.isValidTag(long)).toBe(true);
  });
});
