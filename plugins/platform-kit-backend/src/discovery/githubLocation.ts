import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';

const SOURCE_LOCATION = 'backstage.io/source-location';
const GITHUB_HOST = 'github.com';

/** Where a discovered repository lives; never a secret (stored in ops.targets.settings). */
export interface GithubLocation {
  host: string;
  owner: string;
  repo: string;
}

/** The entity's repository, or why it has none. */
export type LocateResult =
  | { location: GithubLocation }
  | { location?: undefined; reason: string };

const slugPattern = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

/**
 * Reads an entity's GitHub repository from its `owner/repo` annotation, and
 * the API URL and token of its host from Backstage's `integrations.github`
 * config. The host is that of `backstage.io/source-location` when an
 * integration is configured for it (GitHub Enterprise), else github.com.
 */
export class GithubLocator {
  private readonly integrations: ScmIntegrations;
  private readonly credentials: GithubCredentialsProvider;

  constructor(config: Config, private readonly annotation: string) {
    this.integrations = ScmIntegrations.fromConfig(config);
    this.credentials = DefaultGithubCredentialsProvider.fromIntegrations(
      this.integrations,
    );
  }

  locate(entity: Entity, entityRef: string): LocateResult {
    const slug = entity.metadata.annotations?.[this.annotation]?.trim();
    if (!slug)
      return { reason: `${entityRef} has no ${this.annotation} annotation` };
    const match = slugPattern.exec(slug);
    if (!match)
      return {
        reason: `${entityRef} has the ${this.annotation} annotation "${slug}", which is not owner/repo`,
      };
    return {
      location: {
        host: this.hostOf(entity),
        owner: match[1],
        repo: match[2].replace(/\.git$/, ''),
      },
    };
  }

  private hostOf(entity: Entity): string {
    const source = entity.metadata.annotations?.[SOURCE_LOCATION];
    if (source) {
      try {
        const host = new URL(source.replace(/^url:/, '')).host;
        if (this.integrations.github.byHost(host)) return host;
      } catch {
        // Not a URL: the default host.
      }
    }
    return GITHUB_HOST;
  }

  /** The API base URL and token for a repository, resolved when it is read (app tokens expire). */
  async access(
    location: GithubLocation,
  ): Promise<{ baseUrl: string; token?: string }> {
    const integration = this.integrations.github.byHost(location.host);
    const baseUrl = integration?.config.apiBaseUrl;
    if (!baseUrl)
      throw new Error(
        `no GitHub integration with an apiBaseUrl for ${location.host} (integrations.github)`,
      );
    const { token } = await this.credentials.getCredentials({
      url: `https://${location.host}/${location.owner}/${location.repo}`,
    });
    return { baseUrl, token };
  }
}
