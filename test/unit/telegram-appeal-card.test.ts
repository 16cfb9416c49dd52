import { describe, expect, it } from 'vitest';
import { applyAppealAction, type AppealRecord } from '../../core/appeals/appeal-record.ts';
import type { Department } from '../../core/appeals/routing.ts';
import type { AccountRegistry } from '../../config/accounts.ts';
import { reviewDecision, vkComment } from '../../fixtures/audit/builders.ts';
import { jobIdFor } from '../../queues/job-options.ts';
import { plannedForReview } from '../../store/planned-actions.ts';
import {
  appealData,
  depMatches,
  depToken,
  historyLine,
  parseAppealData,
  renderAppealsCommand,
  renderAppealTgCard,
  renderTransferChooser,
  type AppealCardContext,
} from '../../bot/view/appeal-card.ts';
import { outcomeLine } from '../../bot/view/card.ts';
import { actionFor } from '../../bot/view/decision-plan.ts';
import { DECISIONS } from '../../bot/view/model.ts';
import { appealFor, shippedAppealSetup } from '../helpers/appeal-fixture.ts';

const setup = await shippedAppealSetup();
const yak = (local: string): Date => new Date(`${local}+09:00`);
const dep = (id: string): Department => setup.routing.departments.get(id)!;
const name = (id: string) => setup.routing.departments.get(id)?.name ?? id;
const official = { kind: 'official', id: '1000101', name: 'Петрова' } as const;

function ctx(a: AppealRecord, active = true): AppealCardContext {
  return {
    shortId: '1z',
    department: dep(a.department),
    accountTitle: 'Администрация района',
    departmentName: name,
    active,
  };
}

const opened = appealFor(
  setup,
  'Третий день нет горячей воды на Ленина 5, когда дадут?',
  yak('2026-02-20T17:00'),
);

describe('appeal button data', () => {
  it.each([
    ['answered', undefined, 'apa:1z'],
    ['transfer', undefined, 'apt:1z'],
    ['not_an_appeal', undefined, 'apn:1z'],
    ['back', undefined, 'apc:1z'],
    ['move', { rev: 12, dep: 'roads' }, 'apm:1z:c:roads'],
  ] as const)('%s → %s, and back', (op, move, want) => {
    const data = appealData(op, '1z', move);
    expect(data).toBe(want);
    expect(parseAppealData(data)).toEqual({
      op,
      shortId: '1z',
      ...(move ? { rev: move.rev, dep: move.dep } : {}),
    });
  });

  it('a department id too long for 64 bytes becomes a hash token that still matches', () => {
    const long = `d${'x'.repeat(62)}`;
    const data = appealData('move', 'zzzzzzzzzzzz', { rev: 99999, dep: long });
    expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
    const parsed = parseAppealData(data);
    expect(parsed?.dep).toBe(depToken(long));
    expect(depMatches({ id: long }, parsed!.dep!)).toBe(true);
    expect(depMatches({ id: 'roads' }, parsed!.dep!)).toBe(false);
  });

  it.each(['d:1z', 'apx:1z', 'apa:1z:1:roads', 'apm:1z', 'apa:', 'apa:UPPER', ''])('rejects %j', (data) =>
    expect(parseAppealData(data)).toBeUndefined(),
  );
});

describe('appeal card in Telegram', () => {
  it('an open appeal: account, link, author, text, topic, deadline, three buttons', () => {
    const m = renderAppealTgCard(opened, ctx(opened));
    expect(m.text).toContain('Аккаунт: Администрация района (vk)');
    expect(m.text).toContain('https://vk.com/wall-100000001_77?reply=501');
    expect(m.text).toContain('Автор: Иван Петров');
    expect(m.text).toContain('нет горячей воды');
    expect(m.text).toContain('Срок первого ответа: <b>24.02.2026 18:00</b>');
    expect(m.text).not.toContain('История');
    expect(m.keyboard.flat().map((b) => [b.text, b.data])).toEqual([
      ['✅ Ответ дан', 'apa:1z'],
      ['↪️ Передать', 'apt:1z'],
      ['🚫 Не обращение', 'apn:1z'],
    ]);
  });

  it('a very long comment with a long history still fits in one Telegram message', () => {
    let a: AppealRecord = { ...opened, text: 'нет воды '.repeat(1000) };
    for (let i = 0; i < 40; i++) {
      const t = applyAppealAction(a, {
        type: 'transfer',
        toDepartment: i % 2 === 0 ? 'roads' : 'housing',
        by: official,
        at: yak('2026-02-24T09:30'),
      });
      if (!t.ok) throw new Error('transfer refused');
      a = t.record;
    }
    const m = renderAppealTgCard(a, ctx(a));
    expect(m.text.replace(/<[^>]+>/g, '').length).toBeLessThan(4096);
    expect(m.text).toContain('… ещё 29');
  });

  it('a copy left behind after a transfer has no buttons and says who holds it now', () => {
    const t = applyAppealAction(opened, {
      type: 'transfer',
      toDepartment: 'roads',
      by: official,
      at: yak('2026-02-24T09:30'),
    });
    if (!t.ok) throw new Error('transfer refused');
    const left = renderAppealTgCard(t.record, ctx(t.record, false));
    expect(left.keyboard).toEqual([]);
    expect(left.text).toContain(`➡️ Обращение ведёт «${name('roads')}»`);
    expect(left.text).toContain(
      `• 24.02.2026 09:30 — передано: «${name('housing')}» → «${name('roads')}» (Петрова)`,
    );
    expect(renderAppealTgCard(t.record, ctx(t.record)).keyboard.flat()).toHaveLength(3);
  });

  it('answered on the platform: the time of the reply, no buttons', () => {
    const t = applyAppealAction(opened, {
      type: 'answer',
      by: { kind: 'platform', replyId: '9', authorId: '-1' },
      at: yak('2026-02-24T10:15'),
    });
    if (!t.ok) throw new Error('answer refused');
    const m = renderAppealTgCard(t.record, ctx(t.record));
    expect(m.keyboard).toEqual([]);
    expect(m.text).toContain('✅ Сообщество ответило на комментарий на платформе: 24.02.2026 10:15');
    expect(m.text).toContain('Статус: ответ дан');
  });

  it('the transfer chooser lists the other departments with the revision, and «Отмена»', () => {
    const m = renderTransferChooser(opened, ctx(opened), [...setup.routing.departments.values()]);
    const data = m.keyboard.flat().map((b) => b.data);
    expect(data).not.toContain(`apm:1z:0:housing`);
    expect(data).toContain(`apm:1z:${opened.revision.toString(36)}:roads`);
    expect(data.at(-1)).toBe('apc:1z');
    expect(m.text).toContain('Кому передать?');
  });

  it.each([
    ['reminder_due', 'напоминание о сроке'],
    ['escalated', 'срок истёк, сообщено руководителю'],
    ['opened', `поступило в «${name('housing')}»`],
  ] as const)('history line %s', (type, want) => {
    expect(
      historyLine(
        { type, at: yak('2026-02-24T16:00').toISOString(), by: { kind: 'system' }, department: 'housing' },
        'Asia/Yakutsk',
        name,
      ),
    ).toBe(`24.02.2026 16:00 — ${want}`);
  });

  it('/appeals lists by deadline, marks overdue ones, names departments when it spans several', () => {
    const text = renderAppealsCommand([opened], {
      title: 'Открытые обращения',
      timeZone: 'Asia/Yakutsk',
      now: yak('2026-02-25T09:00'),
      departmentName: name,
    });
    expect(text).toContain('1. до 24.02.2026 18:00 ⚠️ просрочено [Управление ЖКХ]');
    expect(renderAppealsCommand([], { title: 'Отдел', timeZone: 'Asia/Yakutsk', now: new Date() })).toBe(
      'Отдел: открытых обращений нет.',
    );
  });
});

describe('review card outcome', () => {
  it('shows the manual link of an action the platform cannot do', () => {
    const line = outcomeLine(
      {
        status: 'unsupported',
        detail: 'OK API cannot restore',
        at: 0,
        manualUrl: 'https://ok.ru/group/1/topic/2?a=1&b=2',
      },
      'Одноклассники',
    );
    expect(line).toContain(
      '<a href="https://ok.ru/group/1/topic/2?a=1&amp;b=2">Сделать вручную на платформе</a>',
    );
    expect(outcomeLine({ status: 'done', detail: 'x', at: 0 }, 'ВКонтакте')).not.toContain('вручную');
  });
});

describe('a moderator’s action has the job id the audit log records', () => {
  const accounts = (hide: boolean) =>
    ({ get: () => ({ hide_while_review: hide, ban_days: 7 }) }) as unknown as AccountRegistry;
  it.each(
    (['vk', 'facebook', 'instagram'] as const).flatMap((platform) =>
      DECISIONS.flatMap((decision) => [true, false].map((hide) => [platform, decision, hide] as const)),
    ),
  )('%s %s hide_while_review=%s', (platform, decision, hide) => {
    const c = { ...vkComment({ account: 'culture-vk', id: 1, text: 'x', at: new Date() }), platform };
    const e = reviewDecision(c, decision, new Date());
    const action = actionFor(decision, platform, hide);
    const planned = plannedForReview(e, accounts(hide), '');
    expect(planned.map((p) => [p.action, p.jobId])).toEqual(
      action ? [[action, jobIdFor(e.key, action)]] : [],
    );
  });
});
