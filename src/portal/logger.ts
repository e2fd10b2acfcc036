import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/**
 * Structured logs that never carry patient data: Fastify logs method, path, status, timing and
 * request id; bodies and query strings are never logged (a token or a search may ride in a query),
 * and credentials are redacted should anything add them.
 */
export const createLogger = (level: LevelWithSilent = 'info', destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'ikt-portal' },
      serializers: { req: requestWithoutQuery },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.body',
          'res.body',
          'body',
          'password',
          'refreshToken',
          'accessToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );

/** What a log line says about a request: never its query string, headers or body. */
function requestWithoutQuery(request: { method?: string; url?: string; id?: unknown }) {
  return { method: request.method, url: request.url?.split('?')[0], id: request.id };
}
