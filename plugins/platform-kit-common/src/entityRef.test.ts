import {
  entityRefOfParts,
  entityRefSchema,
  InvalidEntityRefError,
  normalizeEntityRef,
} from './entityRef';

describe('entity refs', () => {
  it('spells every ref of one entity the same way', () => {
    expect(normalizeEntityRef('component:shop')).toBe('component:default/shop');
    expect(normalizeEntityRef(' Component:Default/Shop ')).toBe(
      'component:default/shop',
    );
    expect(
      entityRefOfParts({ kind: 'Resource', namespace: 'Ops', name: 'db.1' }),
    ).toBe('resource:ops/db.1');
    expect(entityRefOfParts({ kind: 'group', name: 'team-a' })).toBe(
      'group:default/team-a',
    );
  });

  it.each([
    'shop',
    'component:',
    ':shop',
    'component:a/b/c',
    'component:default/',
    'component:default/-x',
    'comp onent:shop',
    'component:default/sh\u0000op',
  ])('refuses %j', value => {
    expect(() => normalizeEntityRef(value)).toThrow(InvalidEntityRefError);
    const parsed = entityRefSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(/entity ref such as/);
  });

  it('parses through zod to the normalised ref', () => {
    expect(entityRefSchema.parse('API:Payments')).toBe('api:default/payments');
  });
});
