import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateText } from '../../core/engine.ts';
import { daemonRuleSet } from '../helpers/daemon-rules.ts';
import { fixtureLines } from '../helpers/text-fixtures.ts';

const ruleSet = daemonRuleSet();
const obsceneHit = (text: string) =>
  evaluateText(ruleSet, text).results.some((r) => r.hit && r.category === 'obscene');

// Ways people disguise a letter: a Latin or digit twin, case, stretching, zero-width padding.
const TWINS: Readonly<Record<string, readonly string[]>> = {
  а: ['a', '@'],
  е: ['e', 'ё'],
  о: ['o', '0'],
  р: ['p'],
  с: ['c'],
  у: ['y'],
  х: ['x'],
  з: ['3'],
  б: ['6'],
  к: ['k'],
  м: ['m'],
  т: ['t'],
  и: ['u'],
  п: ['n'],
};

type Disguise = 'twin' | 'upper' | 'stretch' | 'zero-width' | 'plain';
const disguise = fc.constantFrom<Disguise>('twin', 'upper', 'stretch', 'zero-width', 'plain', 'plain');

function obfuscate(
  word: string,
  plan: readonly Disguise[],
  choice: number,
  separator: string | null,
): string {
  const letters = [...word].map((ch, i) => {
    switch (plan[i % plan.length]) {
      case 'twin': {
        const options = TWINS[ch];
        return options ? (options[choice % options.length] ?? ch) : ch;
      }
      case 'upper':
        return ch.toUpperCase();
      case 'stretch':
        return ch.repeat(4);
      case 'zero-width':
        return `${ch}\u200b`;
      default:
        return ch;
    }
  });
  return separator === null ? letters.join('') : letters.join(separator);
}

describe('obscene language resists evasion', () => {
  const plain = fixtureLines('obscene-plain');

  it.each(plain)('plain %s is caught', (w) => expect(obsceneHit(`ну ${w} же`)).toBe(true));

  it('obfuscated variants are caught like plain ones (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...plain),
        fc.array(disguise, { minLength: 1, maxLength: 6 }),
        fc.nat(5),
        fc.option(fc.constantFrom('.', ' ', '-', '_', '*'), { freq: 3 }),
        (word, plan, choice, separator) => {
          const text = `да ${obfuscate(word, plan, choice, separator)} же`;
          expect(obsceneHit(text), text).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it.each(['х*й', 'п*зда', 'бл*ть', 'е*ать', 'п**дец', '*хуйня*'])('masked %s is caught', (w) =>
    expect(obsceneHit(`ну ${w}`)).toBe(true),
  );

  it('reports the span of the disguised word in the original text', () => {
    const text = 'Это п.и.з.д.е.ц, товарищи';
    const r = evaluateText(ruleSet, text).results.find((x) => x.ruleId === 'obscene.mat');
    expect(r?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['п.и.з.д.е.ц']);
  });
});

describe('what must stay clean', () => {
  it.each(fixtureLines('exception-words'))('exception words: %s', (line) => {
    expect(evaluateText(ruleSet, line).verdict).toBe('keep');
  });

  it.each(fixtureLines('sakha'))('Sakha: %s', (line) => {
    expect(evaluateText(ruleSet, line).verdict).toBe('keep');
  });

  it.each([
    'Администрация ничего не делает, позор',
    'Глава района обещал дорогу три года назад, где она? Стыд и позор',
    'Чиновники опять отчитались красивыми цифрами, а в посёлке нет воды',
    'Верните деньги за ремонт, который развалился через месяц',
  ])('criticism of the authorities is kept: %s', (line) => {
    expect(evaluateText(ruleSet, line).verdict).toBe('keep');
  });
});
