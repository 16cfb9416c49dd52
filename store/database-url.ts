import { z } from 'zod';

/** Where the audit store lives: an embedded SQLite file or a PostgreSQL server. */
export type DatabaseTarget =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

const sqlite = z
  .string()
  .regex(/^sqlite:.+/, 'sqlite:<path>')
  .transform((s) => ({ kind: 'sqlite' as const, path: s.slice('sqlite:'.length) }));
const postgres = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'postgres://…')
  .transform((url) => ({ kind: 'postgres' as const, url }));

/**
 * Reads `DATABASE_URL`: `sqlite:<path>` (`sqlite::memory:` for a throw-away database) or a
 * `postgres://` / `postgresql://` URL.
 *
 * @example parseDatabaseUrl('sqlite:data/strazh.db') // { kind: 'sqlite', path: 'data/strazh.db' }
 * @throws {z.ZodError} for anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  return sqlite.or(postgres).parse(url);
}
