import { z } from 'zod';
import {
  createGithubClient,
  GithubApiError,
  GithubClientOptions,
  GithubOctokit,
} from './githubClient';
import { RepositorySource } from './repositorySource';

/** @public */
export interface GithubRepositorySourceOptions extends GithubClientOptions {
  owner: string;
  repo: string;
  /** The branch to read and whose protection counts (default: the repository's default branch). */
  branch?: string;
}

const repositorySchema = z.object({ default_branch: z.string().min(1) });
const fileSchema = z.object({
  type: z.literal('file'),
  path: z.string(),
  encoding: z.string().optional(),
  content: z.string().optional(),
});
const entrySchema = z.object({ type: z.string(), path: z.string() });
const contentsSchema = z.union([z.array(entrySchema), entrySchema.loose()]);
const enabledSchema = z.object({ enabled: z.boolean() }).nullish();
const protectionSchema = z.object({
  required_pull_request_reviews: z
    .object({ required_approving_review_count: z.number().optional() })
    .nullish(),
  required_status_checks: z.object({}).loose().nullish(),
  enforce_admins: enabledSchema,
  required_linear_history: enabledSchema,
  allow_force_pushes: enabledSchema,
  allow_deletions: enabledSchema,
  restrictions: z.object({}).loose().nullish(),
});
const rulesSchema = z.array(z.object({ type: z.string() }).loose());

interface BranchProtection {
  protected: boolean | undefined;
  detail: string;
}

function isStatus(error: unknown, status: number): error is GithubApiError {
  return error instanceof GithubApiError && error.status === status;
}

function label(baseUrl: string | undefined, owner: string, repo: string) {
  const url = new URL(baseUrl ?? 'https://api.github.com');
  const host = url.host === 'api.github.com' ? 'github.com' : url.host;
  return `${host}/${owner}/${repo}`;
}

/** What classic branch protection requires, e.g. "required reviews (1), required status checks". */
function summariseProtection(data: unknown): string {
  const parsed = protectionSchema.safeParse(data);
  if (!parsed.success) return 'classic branch protection';
  const p = parsed.data;
  const parts = [
    p.required_pull_request_reviews &&
      `required reviews (${
        p.required_pull_request_reviews.required_approving_review_count ?? 1
      })`,
    p.required_status_checks && 'required status checks',
    p.enforce_admins?.enabled && 'enforced for admins',
    p.required_linear_history?.enabled && 'linear history',
    p.restrictions && 'push restrictions',
    p.allow_force_pushes?.enabled === false && 'no force pushes',
  ].filter(Boolean);
  return `classic branch protection${
    parts.length > 0 ? ` (${parts.join(', ')})` : ''
  }`;
}

/**
 * A repository on GitHub (or GitHub Enterprise Server), read through the REST
 * API: the contents API for files and folders (a folder lists at most 1,000
 * entries), `GET /repos/{owner}/{repo}` for the default branch, classic
 * branch protection and the ruleset rules that apply to the branch (paged).
 * Rate limits are waited out (see `createGithubClient`).
 *
 * @public
 */
export class GithubRepositorySource implements RepositorySource {
  readonly label: string;
  private readonly octokit: GithubOctokit;
  private readonly owner: string;
  private readonly repo: string;
  private readonly branch: string | undefined;
  private protection: Promise<BranchProtection> | undefined;

  constructor(options: GithubRepositorySourceOptions) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.branch = options.branch;
    this.label = label(options.baseUrl, options.owner, options.repo);
    this.octokit = createGithubClient(options);
  }

  private refParams() {
    return this.branch ? { ref: this.branch } : {};
  }

  /** The contents API's answer for `path`, undefined on 404. */
  private async contents(path: string): Promise<unknown> {
    try {
      const response = await this.octokit.request(
        'GET /repos/{owner}/{repo}/contents/{path}',
        { owner: this.owner, repo: this.repo, path, ...this.refParams() },
      );
      return response.data;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async listFiles(prefix: string): Promise<string[]> {
    const folder = prefix.replace(/^\/+|\/+$/g, '');
    const data = await this.contents(folder);
    if (data === undefined) return [];
    const parsed = contentsSchema.parse(data);
    if (!Array.isArray(parsed))
      return parsed.type === 'file' ? [parsed.path] : [];
    const files: string[] = [];
    for (const entry of parsed) {
      if (entry.type === 'file') files.push(entry.path);
      else if (entry.type === 'dir')
        files.push(...(await this.listFiles(entry.path)));
    }
    return files.sort();
  }

  async readFile(path: string): Promise<string | undefined> {
    const data = await this.contents(path.replace(/^\/+/, ''));
    const file = fileSchema.safeParse(data);
    if (!file.success) return undefined;
    if (file.data.encoding === 'base64' && file.data.content !== undefined)
      return Buffer.from(file.data.content, 'base64').toString('utf8');
    // Files over 1 MB come without content: ask for the raw media type.
    const raw = await this.octokit.request(
      'GET /repos/{owner}/{repo}/contents/{path}',
      {
        owner: this.owner,
        repo: this.repo,
        path: file.data.path,
        mediaType: { format: 'raw' },
        ...this.refParams(),
      },
    );
    return String(raw.data);
  }

  async defaultBranchProtected(): Promise<boolean | undefined> {
    return (await this.branchProtection()).protected;
  }

  async describeBranchProtection(): Promise<string> {
    return (await this.branchProtection()).detail;
  }

  private branchProtection(): Promise<BranchProtection> {
    this.protection ??= this.readBranchProtection();
    return this.protection;
  }

  private async defaultBranch(): Promise<string> {
    if (this.branch) return this.branch;
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', {
      owner: this.owner,
      repo: this.repo,
    });
    return repositorySchema.parse(data).default_branch;
  }

  /** Classic protection: a summary, false when GitHub says "Branch not protected", or why it is unknown. */
  private async classicProtection(
    branch: string,
  ): Promise<string | false | { unknown: string }> {
    try {
      const { data } = await this.octokit.request(
        'GET /repos/{owner}/{repo}/branches/{branch}/protection',
        { owner: this.owner, repo: this.repo, branch },
      );
      return summariseProtection(data);
    } catch (error) {
      if (!(error instanceof GithubApiError) || error.rateLimited) throw error;
      if (error.status === 404 && /branch not protected/i.test(error.message))
        return false;
      if (error.status === 403 || error.status === 404)
        return {
          unknown: `the token cannot read its classic branch protection (${error.status}; it needs administration read access)`,
        };
      throw error;
    }
  }

  /** The types of the ruleset rules that apply to the branch, every page. */
  private async rulesetRules(branch: string): Promise<string[]> {
    try {
      const rules = await this.octokit.paginate(
        'GET /repos/{owner}/{repo}/rules/branches/{branch}',
        { owner: this.owner, repo: this.repo, branch, per_page: 100 },
      );
      return rulesSchema.parse(rules).map(rule => rule.type);
    } catch (error) {
      // GitHub Enterprise Server before rulesets has no such endpoint.
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  private async readBranchProtection(): Promise<BranchProtection> {
    const branch = await this.defaultBranch();
    const classic = await this.classicProtection(branch);
    const rules = await this.rulesetRules(branch);
    const ruleText =
      rules.length > 0
        ? `${rules.length} ruleset rule${rules.length > 1 ? 's' : ''} (${[
            ...new Set(rules),
          ].join(', ')})`
        : undefined;
    if (typeof classic === 'string' || ruleText) {
      const parts = [
        typeof classic === 'string' ? classic : undefined,
        ruleText,
      ];
      return {
        protected: true,
        detail: `${branch} is protected by ${parts
          .filter(Boolean)
          .join(' and ')}`,
      };
    }
    if (classic === false)
      return {
        protected: false,
        detail: `${branch} has no branch protection and no ruleset applies to it`,
      };
    return {
      protected: undefined,
      detail: `unknown: no ruleset applies to ${branch} and ${classic.unknown}`,
    };
  }
}
