import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canAccess, STAND_IN_USER, unprivilegedIdentity } from './identity';

describe('unprivilegedIdentity', () => {
  it('is this user for a normal user', () => {
    expect(unprivilegedIdentity(1000)).toBeUndefined();
  });

  it(`is '${STAND_IN_USER}' for root`, () => {
    const identity = unprivilegedIdentity(0);
    expect(identity?.name).toBe(STAND_IN_USER);
    expect(identity?.uid).toBeGreaterThan(0);
  });
});

describe('canAccess', () => {
  it('tells whether a user can read or execute a path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-access-'));
    try {
      const file = path.join(dir, 'f');
      fs.writeFileSync(file, 'x');
      fs.chmodSync(dir, 0o755);
      const identity = unprivilegedIdentity();
      expect(canAccess(identity, file, '-r')).toBe(true);
      expect(canAccess(identity, file, '-x')).toBe(false);
      fs.chmodSync(dir, 0o000);
      // root reads anything; the stand-in user and a normal user cannot.
      expect(canAccess(identity, file, '-r')).toBe(false);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
