/**
 * How Debian's Chromium is started headless here: without the background
 * networking flags the machine's closed network refuses its connections.
 * Shared by this repository's e2e config and the fresh-app browser check.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
