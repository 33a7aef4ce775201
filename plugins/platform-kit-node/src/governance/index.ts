export * from './specDirectory';
export * from './docDrift';
export * from './drawioPng';
export * from './parityGate';
export * from './specBundleTemplate';
