import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received, for signature checks (HMAC over the raw body). */
    rawBody?: Buffer;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** No platform sends JSON nested deeper than this; deeper bodies are refused before parsing. */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text nests arrays/objects deeper than `max` (strings are skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Thrown for a body that is not valid UTF-8 JSON; fastify answers it with its status code. */
class BadJsonError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BadJsonError';
  }
}

/**
 * JSON bodies are decoded strictly: invalid UTF-8 is refused (the default parser would silently turn
 * it into U+FFFD and moderate a text nobody wrote), and the raw bytes are kept for signature checks.
 */
export function registerStrictJson(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    req.rawBody = raw;
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      done(new BadJsonError('body is not valid UTF-8'), undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new BadJsonError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadJsonError('body is not valid JSON'), undefined);
    }
  });
}
