import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locatePostgresBinaries } from './binaries';
import { resolveServerIdentity } from './osUser';
import { serverPathsFor } from './serverPaths';

describe('serverPathsFor', () => {
  const binaries = locatePostgresBinaries();
  let privateDir: string;
  beforeEach(() => {
    privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-private-'));
    fs.chmodSync(privateDir, 0o700);
  });
  afterEach(() => fs.rmSync(privateDir, { recursive: true, force: true }));

  it('keeps the paths as they are when no other OS user runs the server', () => {
    const dataDir = path.join(privateDir, 'data');
    expect(serverPathsFor(binaries, dataDir, undefined)).toEqual({
      binaries,
      dataDir,
    });
  });

  it('moves the data directory out of a folder the server user cannot reach, and reuses reachable ones', () => {
    // As root the server runs as `postgres`; as a normal user there is no identity to switch to.
    const identity = resolveServerIdentity() ?? {
      uid: process.getuid!(),
      gid: process.getgid!(),
    };
    const hidden = path.join(privateDir, 'data');
    const moved = serverPathsFor(binaries, hidden, identity);
    const runsAsOtherUser = identity.uid !== process.getuid!();
    const expectedParent = runsAsOtherUser
      ? path.join(os.tmpdir(), 'platform-kit-pg-data')
      : privateDir;
    expect(path.dirname(moved.dataDir)).toBe(expectedParent);
    expect(fs.existsSync(moved.binaries.postgres)).toBe(true);
    fs.chmodSync(privateDir, 0o755);
    expect(serverPathsFor(binaries, hidden, identity).dataDir).toBe(hidden);
  });
});
