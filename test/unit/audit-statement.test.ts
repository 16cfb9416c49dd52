import { describe, expect, it } from 'vitest';
import { deletedRecord } from '../../fixtures/audit/records.ts';
import { renderStatement } from '../../store/statement/render-statement.ts';

const ctx = { timeZone: 'Asia/Yakutsk', accountTitles: new Map([['adm-vk', 'Администрация района']]) };

describe('statement of reasons', () => {
  it('says what, when, which rule and ground, who decided and the outcome of an automatic deletion', () => {
    const s = renderStatement(deletedRecord(), ctx);
    for (const line of [
      'ОБОСНОВАНИЕ РЕШЕНИЯ ПО КОММЕНТАРИЮ vk:adm-vk:9001',
      'комментарий к записи на стене, ВКонтакте, аккаунт «Администрация района» (adm-vk)',
      'Автор: Житель 500 (id 500)',
      'Текст: «Да пошли вы нахуй»',
      'Написан: 04.03.2026 09:59 (Asia/Yakutsk); получен Стражем: 04.03.2026 10:00 (Asia/Yakutsk)',
      'Основание (п. 2.5 Постановления № 702):',
      '• правило obscene.basic: Нецензурная брань — основание: нецензурная брань; требует: удалить',
      'найдено: «нахуй» (символы 13–17)',
      'версия набора правил 31c0589dab9d',
      'Режим аккаунта: исполнение',
      'автоматически (Страж), 04.03.2026 10:00 (Asia/Yakutsk): удалён автоматически',
      '• удаление: запросил Страж автоматически, 04.03.2026 10:00 (Asia/Yakutsk); итог: выполнено 04.03.2026 10:00 (Asia/Yakutsk) [wall.deleteComment]',
    ]) {
      expect(s).toContain(line);
    }
    // Rules that did not fire are not grounds.
    expect(s).not.toContain('spam.links');
  });

  // Regression: positions were UTF-16 units, so each emoji before the match shifted them by one.
  it("counts the found words' positions in characters, emoji included", () => {
    const text = '😡😡 Да пошли вы нахуй';
    const s = renderStatement(
      deletedRecord({
        comment: { text },
        rules: [
          {
            ruleId: 'obscene.basic',
            category: 'obscene',
            hit: true,
            score: 1,
            action: 'delete',
            spans: [{ start: text.indexOf('нахуй'), end: text.indexOf('нахуй') + 5 }],
            details: { action: 'delete', reason: 'Нецензурная брань', ground: 'нецензурная брань' },
          },
        ],
      }),
      ctx,
    );
    expect(s).toContain('найдено: «нахуй» (символы 16–20)');
  });

  it('gives the link for doing by hand what the platform cannot (manualUrl), and only then', () => {
    const url = 'https://ok.ru/group/77/topic/5';
    const s = renderStatement(
      deletedRecord({
        actions: [{ action: 'restore', status: 'unsupported', detail: 'OK cannot restore', manual_url: url }],
      }),
      ctx,
    );
    expect(s).toContain('итог: платформа не поддерживает');
    expect(s).toContain(`сделать вручную (платформа не позволяет это через API): ${url}`);
    expect(renderStatement(deletedRecord(), ctx)).not.toContain('сделать вручную');
  });

  it('names the moderator, the ban and a failed action', () => {
    const s = renderStatement(
      deletedRecord({
        comment: {
          mode: 'review',
          outcome: 'review',
          review_decision: 'delete_and_ban',
          reviewer_id: '4242',
          reviewer_name: 'Иванова А.',
          reviewed_at: '2026-03-04T01:30:00.000Z',
        },
        actions: [
          {
            action: 'delete_and_ban',
            requested_by: 'moderator',
            moderator_id: '4242',
            moderator_name: 'Иванова А.',
            ban_days: 7,
            status: 'failed',
            detail: null,
            error: 'Access denied',
          },
        ],
      }),
      ctx,
    );
    expect(s).toContain('направлен модератору');
    expect(s).toContain(
      'модератор Иванова А. (Telegram id 4242), 04.03.2026 10:30 (Asia/Yakutsk): удалить и заблокировать автора',
    );
    expect(s).toContain(
      '• удаление и блокировка автора, срок блокировки 7 дн.: запросил модератор Иванова А. (Telegram id 4242)',
    );
    expect(s).toContain('итог: не удалось');
    expect(s).toContain('ошибка: Access denied');
  });

  it.each(['unban', 'restore_and_unban'])(
    'gives no ban term for %s, which lifts a block (regression)',
    (action) => {
      const s = renderStatement(
        deletedRecord({ actions: [{ action, requested_by: 'moderator', ban_days: 0, status: 'done' }] }),
        ctx,
      );
      expect(s).not.toContain('срок блокировки');
    },
  );

  it('says a review is still waiting and that nothing was asked of the platform', () => {
    const s = renderStatement(
      deletedRecord({ comment: { outcome: 'review', mode: 'review' }, actions: [] }),
      ctx,
    );
    expect(s).toContain('решение модератора ещё не принято');
    expect(s).toContain('Действия на платформе:\n  не запрашивались');
  });

  it('after retention shows no text or author but keeps the grounds', () => {
    const rec = deletedRecord({
      comment: {
        text: null,
        normalized_text: null,
        author_id: null,
        author_name: null,
        permalink: null,
        purged_at: '2027-03-05T00:00:00.000Z',
      },
    });
    const s = renderStatement(
      {
        ...rec,
        rules: rec.rules.map((r) => ({ ...r, spans: [], details: { ...r.details, matched: undefined } })),
      },
      ctx,
    );
    expect(s).toContain(
      'Текст, автор и ссылка удалены 05.03.2027 09:00 (Asia/Yakutsk) по истечении срока хранения.',
    );
    expect(s).not.toContain('нахуй');
    expect(s).toContain('правило obscene.basic: Нецензурная брань — основание: нецензурная брань');
  });

  it('marks a rule that was demoted because moderators overturned it', () => {
    const rec = deletedRecord();
    const demoted = rec.rules.map((r) =>
      r.hit ? { ...r, action: 'review', details: { ...r.details, demoted: true } } : r,
    );
    expect(renderStatement({ ...rec, rules: demoted }, ctx)).toContain('[правило понижено');
  });
});
