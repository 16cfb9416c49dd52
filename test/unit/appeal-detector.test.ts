import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileAppealDetector, detectAppeal, topicName } from '../../core/appeals/appeal-detector.ts';
import { RuleFileError } from '../../core/rules/rule-file-error.ts';
import { loadModelAssets } from '../../config/model-assets.ts';
import { loadRuleSet } from '../../config/rules-loader.ts';

const TOPICS = 'rules/appeals/topics.yaml';
const detector = compileAppealDetector(TOPICS, await readFile(TOPICS, 'utf8'));

describe('appeal detection with the shipped topics file', () => {
  // Written for this test (not rows of the labelled set): one per kind, topic and non-appeal class.
  it.each([
    ['Когда откроют запись в первый класс школы №9?', 'question', 'education'],
    ['Когда включат отопление в детском саду на Кравченко?', 'question', 'housing'],
    ['Вторую неделю нет воды в доме на Мира 3', 'complaint', 'housing'],
    ['Просим почистить снег у остановки возле рынка', 'request', 'roads'],
    ['Почему маршрутка №5 не ходит по воскресеньям?', 'question', 'transport'],
    ['Собаки опять бегают стаей у детского сада, страшно', 'complaint', 'animals'],
    ['Уберите, пожалуйста, сломанные качели во дворе', 'request', 'improvement'],
    ['В поликлинике не берут трубку уже третий день', 'complaint', 'health'],
    ['Подскажите, как получить справку о составе семьи?', 'question', 'other'],
    ['Хаһан уу кэлиэй?', 'question', 'housing'],
    // yes/no question about a municipal matter, without a question word
    ['А ёлку на площади в этом году поставят?', 'question', 'improvement'],
    // a topic that is a problem by itself (problem_weight) counts even when another topic wins the tie
    ['Наркоманы в подъезде на Мира 5', 'complaint', 'housing'],
    // an imperative a few words before «пожалуйста»
    ['Пришлите грейдер на Таёжную, пожалуйста', 'request', 'roads'],
  ])('"%s" → %s about %s', (text, kind, topic) => {
    const d = detectAppeal(detector, text);
    expect(d.isAppeal).toBe(true);
    expect(d.kind).toBe(kind);
    expect(d.topic).toBe(topic);
    expect(d.score).toBeGreaterThanOrEqual(detector.settings.threshold);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it.each([
    ['Спасибо коммунальщикам, тепло дали быстро'],
    ['С Новым годом, земляки!'],
    ['Красивый снег сегодня, прямо сказка'],
    ['Опять отчитались о достижениях, одна показуха'],
    ['Кто-нибудь знает, где в Чульмане купить дрова?'],
    ['Махтал!'],
    ['Вы хоть раз ездили на нашем автобусе?'],
  ])('"%s" is not an appeal', (text) => {
    const d = detectAppeal(detector, text);
    expect(d.isAppeal).toBe(false);
    expect(d.kind).toBeNull();
    expect(d.topic).toBeNull();
  });

  it('reports spans in the original text, even with capitals and ё', () => {
    const text = 'ЁЛКИ, третий день НЕТ ВОДЫ на Ленина';
    const d = detectAppeal(detector, text);
    expect(d.isAppeal).toBe(true);
    const shown = d.spans.map((s) => text.slice(s.start, s.end));
    expect(shown).toEqual(expect.arrayContaining(['третий день', 'НЕТ ВОДЫ']));
  });

  it('names topics in Russian', () => {
    expect(topicName(detector, 'roads')).toBe('Дороги и уборка снега');
    expect(topicName(detector, 'other')).toMatch(/Другое/);
  });

  it('lives outside the moderation rules: the moderation loader does not read rules/appeals', async () => {
    const set = await loadRuleSet('rules', await loadModelAssets('models'));
    expect(set.files.some((f) => f.includes('appeals'))).toBe(false);
  });
});

describe('broken appeal topics files are refused with file, line and field', () => {
  it.each([
    ['failing-example.yaml', 10, 'signals.request.explicit.should_match', /"Уберите снег" is not matched/],
    ['bad-weight.yaml', 5, 'signals[0].weight', /weight ≤ 0/],
    ['bad-regex.yaml', 7, 'signals[0].patterns[0]', /regular expression/],
    ['failing-file-example.yaml', 17, 'examples.not_appeal', /"Прошу прощения, ошибся" is detected/],
  ])('%s → line %i, %s', async (name, line, field, problem) => {
    const file = `fixtures/appeal-files/${name}`;
    const source = await readFile(file, 'utf8');
    let err: unknown;
    try {
      compileAppealDetector(file, source);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleFileError);
    const e = err as RuleFileError;
    expect({ file: e.file, line: e.line, field: e.field }).toEqual({ file, line, field });
    expect(e.problem).toMatch(problem);
  });
});
