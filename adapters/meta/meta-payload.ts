import { z } from 'zod';

/**
 * One field change of a Meta webhook entry. Facebook and the Facebook-Login Instagram flavour put
 * them in `entry.changes[]`; Meta's Instagram-Login example puts `field`/`value` directly in the entry.
 */
export interface MetaChange {
  readonly field: string;
  readonly value: unknown;
}

const ChangeSchema = z.looseObject({ field: z.string().min(1), value: z.unknown() });

const EntrySchema = z.looseObject({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  time: z.number().optional(),
  changes: z.array(ChangeSchema).optional(),
  field: z.string().optional(),
  value: z.unknown().optional(),
});

/** A Meta webhook notification (`object: "page"` or `"instagram"`). */
export const MetaNotificationSchema = z.looseObject({
  object: z.string().min(1),
  entry: z.array(EntrySchema).min(1).max(1000),
});
export type MetaNotification = z.infer<typeof MetaNotificationSchema>;
export type MetaEntry = z.infer<typeof EntrySchema>;

/** Every change of an entry, whichever of the two layouts it uses. */
export function entryChanges(entry: MetaEntry): MetaChange[] {
  if (entry.changes) return entry.changes;
  if (entry.field !== undefined) return [{ field: entry.field, value: entry.value }];
  return [];
}
