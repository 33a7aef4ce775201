import { describeError, UserFacingError } from './fail';

describe('describeError', () => {
  it('prints user-facing errors whole and other errors as their first line only', () => {
    expect(
      describeError(
        new UserFacingError('Port 3000 is already in use: stop it.'),
      ),
    ).toBe('Port 3000 is already in use: stop it.');
    expect(
      describeError(new Error('connect ECONNREFUSED\n    at stack frame')),
    ).toBe('connect ECONNREFUSED');
    expect(describeError('plain')).toBe('plain');
  });
});
