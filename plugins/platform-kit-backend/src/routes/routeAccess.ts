import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  EntityRef,
  parityReadPermission,
} from '@platform-kit/plugin-platform-kit-common';
import { EntityAccess } from '../service/EntityAccess';

/** Any request the routes receive (typed by the OpenAPI document or not). */
type HttpRequest = Parameters<HttpAuthService['credentials']>[0];

/**
 * Who the caller is and what they may do: every route asks here before it
 * reads or changes anything.
 */
export class RouteAccess {
  constructor(
    private readonly httpAuth: HttpAuthService,
    private readonly permissions: PermissionsService,
    readonly entities: EntityAccess,
  ) {}

  /** The caller's credentials (401 without); `allow` limits the principal types. */
  credentialsOf(
    req: HttpRequest,
    allow?: Array<'user' | 'service'>,
  ): Promise<BackstageCredentials> {
    return allow
      ? this.httpAuth.credentials(req, { allow })
      : this.httpAuth.credentials(req);
  }

  /** The caller's credentials when the policy grants `permission`; 403 otherwise. */
  async authorize(
    req: HttpRequest,
    permission: BasicPermission,
    allow?: Array<'user' | 'service'>,
  ): Promise<BackstageCredentials> {
    const credentials = await this.credentialsOf(req, allow);
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    return credentials;
  }

  /** parity.read and read access to the entity in the catalog; 404 when it cannot be seen. */
  async authorizeEntity(
    req: HttpRequest,
    entityRef: EntityRef,
  ): Promise<BackstageCredentials> {
    const credentials = await this.authorize(req, parityReadPermission);
    await this.requireReadable(entityRef, credentials);
    return credentials;
  }

  /** 404 (never 403) for an entity the caller cannot read: its existence is not revealed. */
  async requireReadable(
    entityRef: EntityRef,
    credentials: BackstageCredentials,
    notFound = `No entity ${entityRef} in the catalog, or no access to it`,
  ): Promise<void> {
    if (!(await this.entities.canRead(entityRef, credentials)))
      throw new NotFoundError(notFound);
  }
}

/** The name a person or service is recorded under (requestedBy, appliedBy, …). */
export function principalName(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}
