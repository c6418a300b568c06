import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths pino blanks out wherever they appear: ID numbers, phones, credentials. */
export const REDACTED_PATHS = [
  'idNumber', '*.idNumber', '*.*.idNumber', 'input.idNumber',
  'phone', '*.phone', '*.*.phone',
  'password', '*.password', '*.*.password',
  'token', '*.token', 'accessToken', '*.accessToken', 'refreshToken', '*.refreshToken',
  'secret', '*.secret', 'clientSecret', '*.clientSecret',
  'authorization', '*.authorization', 'req.headers.authorization', 'req.headers["x-gateway-secret"]',
  'headers.authorization', 'headers["x-gateway-secret"]', 'variables', '*.variables',
];

export interface LoggerOptions {
  service: string;
  version: string;
  level?: string;
  /** Tests pass a stream to inspect what was written. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, version: options.version },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };
