import winston from 'winston';

/** JSON lines in production; readable lines on a developer's terminal. */
export function createLogger(level: string): winston.Logger {
  const production = process.env.NODE_ENV === 'production' || !process.stdout.isTTY;
  return winston.createLogger({
    level,
    format: production
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.colorize(),
          winston.format.timestamp({ format: 'HH:mm:ss' }),
          winston.format.printf(
            ({ level: l, message, timestamp, context }) =>
              `${String(timestamp)} ${l} ${typeof context === 'string' ? `[${context}] ` : ''}${String(message)}`,
          ),
        ),
    transports: [new winston.transports.Console()],
  });
}
