import crypto from 'node:crypto';

const base64url = (data: string | Buffer) =>
  Buffer.from(data).toString('base64url');

/**
 * Issues and checks JWT-looking HS256 tokens for the stand-in, the way
 * Superset's login issues them (`type` access or refresh, `sub` the user id).
 * `expireAll()` makes every token issued so far expire, as time would.
 */
export class StandInTokens {
  private readonly secret = crypto.randomBytes(32);
  private issued = 0;
  private expiredUpTo = 0;

  issue(userId: number, type: 'access' | 'refresh'): string {
    this.issued += 1;
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        fresh: type === 'access',
        iat: now,
        jti: `${this.issued}-${crypto.randomUUID()}`,
        type,
        sub: String(userId),
        nbf: now,
        exp: now + 900,
        seq: this.issued,
      }),
    );
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  expireAll() {
    this.expiredUpTo = this.issued;
  }

  /** Why an `Authorization` header is not accepted, or undefined when it is. */
  refusal(authorization: string | undefined): string | undefined {
    if (!authorization) return 'Missing Authorization Header';
    const match = /^Bearer (\S+)$/.exec(authorization);
    if (!match) return "Missing 'Bearer' type in 'Authorization' header";
    const [header, payload, signature] = match[1].split('.');
    if (!signature || this.sign(`${header}.${payload}`) !== signature) {
      return 'Signature verification failed';
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    if (claims.type !== 'access') return 'Only access tokens are allowed';
    if (claims.seq <= this.expiredUpTo) return 'Token has expired';
    return undefined;
  }

  private sign(data: string): string {
    return crypto
      .createHmac('sha256', this.secret)
      .update(data)
      .digest('base64url');
  }
}
