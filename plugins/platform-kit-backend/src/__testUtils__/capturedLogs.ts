import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * A root logger that keeps every line (message and fields, as JSON) of every
 * plugin, to check what the backend logs.
 */
export function capturedLogs() {
  const lines: string[] = [];
  const logger = (fields: object): LoggerService => {
    const log = (level: string) => (message: string, meta?: Error | object) =>
      lines.push(
        JSON.stringify({
          level,
          message,
          ...fields,
          ...(meta instanceof Error
            ? { error: `${meta.message} ${meta.stack}` }
            : meta),
        }),
      );
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => logger({ ...fields, ...meta }),
    };
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger({}),
    }),
  };
}
