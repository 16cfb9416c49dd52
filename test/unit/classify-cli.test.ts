import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function classify(input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/classify.ts'], { input, encoding: 'utf8' });
}

describe('classify CLI', () => {
  it('writes exactly one JSON line per input line, and nothing else', () => {
    const input = [
      { id: 'a', text: 'Да пошли вы н@хуй' },
      { id: 2, text: 'Когда починят дорогу?' },
      { id: 'c', text: 'Заработок от 5000 руб в день, пиши в лс @money_job' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const r = classify(`${input}\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => Object.keys(o))).toEqual(Array(3).fill(['id', 'verdict', 'categories', 'rules']));
    expect(out.map((o) => o.id)).toEqual(['a', 2, 'c']);
    expect(out.map((o) => o.verdict)).toEqual(['delete', 'keep', 'delete']);
    const first = out[0] as { categories: string[]; rules: { id: string; spans: [number, number][] }[] };
    expect(first.categories).toEqual(['obscene']);
    const span = first.rules.find((x) => x.id === 'obscene.mat')?.spans[0] ?? [0, 0];
    expect('Да пошли вы н@хуй'.slice(span[0], span[1])).toBe('н@хуй');
  });

  it('reports a bad line on stderr and exits 1, still answering the good ones', () => {
    const r = classify('{"id":1,"text":"привет"}\nnot json\n');
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/line 2/);
  });
});
