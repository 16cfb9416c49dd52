/** «28.11 14:05» in the given time zone. */
export function formatTime(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return f.format(new Date(ms)).replace(',', '');
}

/** «45 мин», «2 ч 10 мин», «3 дн. 4 ч». */
export function formatAge(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 1) return 'меньше минуты';
  if (min < 60) return `${min} мин`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} ч ${min % 60} мин`;
  return `${Math.floor(h / 24)} дн. ${h % 24} ч`;
}

/** The calendar day `YYYY-MM-DD` of an instant in a time zone. */
// Building an Intl.DateTimeFormat costs far more than using one; the daemon asks for every decision.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function dayOf(ms: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The days of the ISO week (Monday first) up to and including `day`, as `YYYY-MM-DD`. */
export function weekDaysUpTo(day: string): string[] {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  const out: string[] = [];
  for (let i = back; i >= 0; i--) out.push(new Date(d.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}
