import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/**
 * Structured logs that never carry patient data: Fastify logs method, route, status, timing and
 * request id; bodies are never logged, and credentials are redacted should anything add them.
 */
export const createLogger = (level: LevelWithSilent = 'info', destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'ikt-portal' },
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
