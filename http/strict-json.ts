import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received, for signature checks (HMAC over the raw body). */
    rawBody?: Buffer;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadJsonError('body is not valid JSON'), undefined);
    }
  });
}
