/** Prints rows as a plain-text table, cutting long cells so a terminal line stays readable. */
export function printTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  maxCell = 60,
): void {
  const cut = (s: string) => {
    const one = s.replace(/\s+/g, ' ');
    return one.length > maxCell ? `${one.slice(0, maxCell - 1)}…` : one;
  };
  const cells = [headers, ...rows].map((r) => r.map(cut));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' │ ');
  console.log(line(cells[0] ?? []));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const r of cells.slice(1)) console.log(line(r));
}
