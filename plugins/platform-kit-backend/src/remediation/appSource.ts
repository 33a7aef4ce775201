import {
  BackstageCredentials,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AppCallers,
  findAppCallers,
  isAppSourcePath,
  MAX_APP_SOURCE_FILE_BYTES,
} from '@platform-kit/plugin-platform-kit-node';
import { safeReadError, safeSourceUrl } from './safeMessages';

const SOURCE_LOCATION = 'backstage.io/source-location';
const MIB = 1024 * 1024;

/** How much of a repository the control plane reads to find the application's callers. */
export interface AppSourceLimits {
  /** Off: plans are built without the application's callers. */
  enabled: boolean;
  /** The tree (every file under the source location) larger than this is not searched. */
  maxBytes: number;
  /** More source files than this is not one application. */
  maxFiles: number;
  timeoutMs: number;
}

/** `platformKit.remediation.appSource`; defaults: on, 100 MiB, 20,000 source files, 60 s. */
export function readAppSourceLimits(config: Config): AppSourceLimits {
  const c = config.getOptionalConfig('platformKit.remediation.appSource');
  const positive = (key: string, fallback: number) => {
    const value = c?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0))
      throw new Error(
        `platformKit.remediation.appSource.${key} must be a positive number`,
      );
    return value;
  };
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    maxBytes: positive('maxMegabytes', 100) * MIB,
    maxFiles: positive('maxFiles', 20_000),
    timeoutMs: positive('timeoutSeconds', 60) * 1000,
  };
}

/**
 * The application's callers, or none and why (a sentence for people, with
 * no secret: no token, no credentials in a URL, no stack).
 */
export interface AppSourceResult {
  callers?: AppCallers;
  warning?: string;
}

class TooLarge extends Error {}

function byCodeUnits(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Reads the repository a target's catalog entity links
 * (`backstage.io/source-location`) through Backstage's URL reader (the
 * credentials of `integrations.*`) and finds the application's Data API
 * callers in it. Never throws: a repository that cannot be read, or is too
 * large, gives a warning instead.
 */
export class AppSourceReader {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      urlReader: UrlReaderService;
      limits: AppSourceLimits;
    },
  ) {}

  async read(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<AppSourceResult> {
    if (!this.deps.limits.enabled) return {};
    let location: string | undefined;
    try {
      const entity = await this.deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      location = entity?.metadata.annotations?.[SOURCE_LOCATION]?.trim();
    } catch (error) {
      return {
        warning: `The catalog entity ${entityRef} could not be read (${safeReadError(
          error,
        )}): the plan was built without the application's callers`,
      };
    }
    if (!location) return {};
    const url = /^url:(.+)$/.exec(location)?.[1].trim();
    const origin = url ? safeSourceUrl(url) : undefined;
    if (!url || !origin)
      return {
        warning: `${SOURCE_LOCATION} of ${entityRef} is not a url: location: the plan was built without the application's callers`,
      };
    try {
      return { callers: findAppCallers(await this.files(url), origin) };
    } catch (error) {
      const why =
        error instanceof TooLarge
          ? error.message
          : `it could not be read: ${safeReadError(error)}`;
      return {
        warning: `The application source ${origin} was not searched for callers (${why}): the plan was built without them`,
      };
    }
  }

  /** The source files under the location, within the limits. */
  private async files(url: string) {
    const { maxBytes, maxFiles, timeoutMs } = this.deps.limits;
    const abort = new AbortController();
    let total = 0;
    let sources = 0;
    let exceeded: string | undefined;
    const stop = (why: string) => {
      exceeded ??= why;
      abort.abort();
    };
    const read = async () => {
      const tree = await this.deps.urlReader.readTree(url, {
        signal: abort.signal,
        filter: (path, info) => {
          if (exceeded) return false;
          total += info?.size ?? 0;
          if (total > maxBytes) {
            stop(`it is larger than ${Math.round(maxBytes / MIB)} MiB`);
            return false;
          }
          const size = info?.size ?? 0;
          if (!isAppSourcePath(path) || size > MAX_APP_SOURCE_FILE_BYTES)
            return false;
          if (++sources > maxFiles) {
            stop(`it holds more than ${maxFiles} source files`);
            return false;
          }
          return true;
        },
      });
      const files = await tree.files();
      const out: { path: string; content: string }[] = [];
      for (const file of files) {
        const bytes = await file.content();
        // A NUL marks a binary file, as git decides.
        if (!bytes.subarray(0, 8000).includes(0))
          out.push({ path: file.path, content: bytes.toString('utf8') });
      }
      return out;
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stop(`reading it took longer than ${Math.round(timeoutMs / 1000)} s`);
        reject(new TooLarge(exceeded));
      }, timeoutMs);
    });
    try {
      const files = await Promise.race([read(), timeout]);
      if (exceeded) throw new TooLarge(exceeded);
      return files.sort((a, b) => byCodeUnits(a.path, b.path));
    } catch (error) {
      // An abort for a limit surfaces as the reader's abort error: say which limit.
      if (exceeded) throw new TooLarge(exceeded);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
