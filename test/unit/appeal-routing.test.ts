import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileAppealSetup } from '../../core/appeals/appeal-setup.ts';
import { parseAppealRouting, routeAppeal } from '../../core/appeals/routing.ts';
import { PLAIN_WEEK } from '../../core/appeals/work-calendar.ts';
import { RuleFileError } from '../../core/rules/rule-file-error.ts';

const read = async (file: string) => ({ file, source: await readFile(file, 'utf8') });
const setup = compileAppealSetup({
  topics: await read('rules/appeals/topics.yaml'),
  routing: await read('rules/appeals/routing.yaml'),
  calendar: await read('config/calendar/ru-sakha-2026-2027.yaml'),
});

const ROUTING = `version: 1
departments:
  - id: roads
    name: Дороги
    chat_id: '-100'
    supervisor: { name: Начальник дорог, telegram_id: '1' }
  - id: ok-roads
    name: Дороги (Одноклассники)
    chat_id: '-200'
    supervisor: { name: Начальник, telegram_id: '2' }
    first_answer_hours: 4
  - id: reception
    name: Приёмная
    chat_id: '-300'
    supervisor: { name: Руководитель аппарата, telegram_id: '3' }
routes:
  - { topic: roads, department: roads }
  - { topic: roads, accounts: [ok-main], department: ok-roads }
fallback_department: reception
`;

describe('appeal routing', () => {
  const r = parseAppealRouting('routing.yaml', ROUTING, PLAIN_WEEK, ['roads', 'other']);

  it.each([
    ['roads', 'vk-main', 'roads'],
    ['roads', 'ok-main', 'ok-roads'],
    ['other', 'vk-main', 'reception'],
    ['housing', 'vk-main', 'reception'],
  ])('%s on %s → %s', (topic, account, dep) => {
    expect(routeAppeal(r, topic, account).id).toBe(dep);
  });

  it('fills department defaults: 9 working hours, Asia/Yakutsk, Mon–Fri', () => {
    const d = routeAppeal(r, 'roads', 'vk-main');
    expect(d.firstAnswerHours).toBe(9);
    expect(d.remindBeforeHours).toBe(2);
    expect(d.schedule.timeZone).toBe('Asia/Yakutsk');
    expect(d.schedule.week.sat).toEqual([]);
    expect(routeAppeal(r, 'roads', 'ok-main').firstAnswerHours).toBe(4);
  });

  it('the shipped routing covers every topic of the shipped topics file', () => {
    for (const t of [...setup.detector.topics.map((x) => x.id), 'other']) {
      const d = routeAppeal(setup.routing, t, 'neryungri-vk');
      expect(d.id).not.toBe('');
      expect(setup.routing.routes.some((x) => x.topic === t)).toBe(true);
    }
    expect(routeAppeal(setup.routing, 'safety', 'x').schedule.observeHolidays).toBe(false);
  });

  it.each([
    ['routing-unknown-topic.yaml', 9, 'routes[1].topic', /unknown topic "weather"/],
    ['routing-bad-hours.yaml', 8, 'departments[0].working_hours.mon', /overlap/],
  ])('%s is refused at line %i (%s)', async (name, line, field, problem) => {
    const file = `fixtures/appeal-files/${name}`;
    let caught: unknown;
    try {
      parseAppealRouting(file, await readFile(file, 'utf8'), PLAIN_WEEK, ['roads', 'other']);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuleFileError);
    const e = caught as RuleFileError;
    expect({ line: e.line, field: e.field }).toEqual({ line, field });
    expect(e.problem).toMatch(problem);
  });

  it('refuses a route to a department that does not exist', () => {
    const bad = ROUTING.replace('department: ok-roads', 'department: nowhere');
    expect(() => parseAppealRouting('r.yaml', bad, PLAIN_WEEK, ['roads'])).toThrow(
      /unknown department "nowhere"/,
    );
  });
});
