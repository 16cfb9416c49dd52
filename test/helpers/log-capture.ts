import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../config/logger.ts';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** A real pino logger whose JSON lines are kept in memory, so tests can assert what was logged. */
export function captureLogger(level = 'debug'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  return { log: createLogger(level, sink), lines };
}

export const PINO_ERROR = 50;
