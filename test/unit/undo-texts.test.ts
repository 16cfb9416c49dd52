import { describe, expect, it } from 'vitest';
import {
  undoOutcomeText,
  undoPendingNote,
  undoReplyText,
  withoutPending,
} from '../../bot/view/undo-texts.ts';

const FB_KEPT = 'комментарий не будет восстановлен: Facebook не позволяет вернуть удалённый комментарий';

describe('/undo texts say what is and is not undone', () => {
  it.each([
    ['restore', undefined, /Комментарий восстанавливается на платформе\.$/],
    ['restore_and_unban', undefined, /снимается блокировка автора и восстанавливается комментарий\.$/],
    [
      'unban',
      FB_KEPT,
      /Блокировка автора снимается на платформе\. Комментарий не будет восстановлен: Facebook не позволяет вернуть удалённый комментарий\.$/,
    ],
    ['hide', undefined, /Комментарий снова скрывается на платформе\.$/],
    [undefined, undefined, /^Решение отменено, карточка снова ждёт решения\.$/],
  ] as const)('reply for %s (left as is: %s)', (action, kept, want) => {
    const text = undoReplyText(action, kept);
    expect(text.startsWith('Решение отменено, карточка снова ждёт решения.')).toBe(true);
    expect(text).toMatch(want);
  });

  it.each([
    [
      'restore_and_unban',
      { status: 'done', detail: 'groups.unban+wall.restoreComment' },
      /^Блокировка автора снята, комментарий восстановлен/,
    ],
    ['unban', { status: 'done', detail: 'DELETE page/blocked' }, /^Блокировка автора снята на платформе\.$/],
    [
      'restore',
      { status: 'done', detail: 'wall.restoreComment' },
      /^Комментарий восстановлен на платформе\.$/,
    ],
    [
      undefined,
      { status: 'done', detail: 'wall.restoreComment' },
      /^Комментарий восстановлен на платформе\.$/,
    ],
    [
      'restore_and_unban',
      {
        status: 'failed',
        detail: 'vk error 15: groups.unban done; restore failed: Access denied',
        stepsDone: ['unban'],
      },
      /^Блокировка автора снята, но восстановить комментарий не удалось: .*Access denied/,
    ],
    [
      'restore_and_unban',
      { status: 'failed', detail: 'vk error 15: Access denied' },
      /^Снять блокировку автора и восстановить комментарий не удалось/,
    ],
    // What went through is read from the steps the act worker reported, not from the error's text.
    [
      'restore_and_unban',
      { status: 'failed', detail: 'vk error 15: groups.unban done; restore failed: x', stepsDone: [] },
      /^Снять блокировку автора и восстановить комментарий не удалось/,
    ],
    [
      'unban',
      { status: 'failed', detail: 'vk error 15: Access denied' },
      /^Снять блокировку автора не удалось: /,
    ],
    [
      'unban',
      {
        status: 'unsupported',
        detail: 'unblock: the webhook did not name the author',
        manualUrl: 'https://www.facebook.com/1/settings/',
      },
      /^Платформа выполнила отмену не полностью: .* Вручную: https:\/\/www\.facebook\.com\/1\/settings\/$/,
    ],
  ] as const)('outcome of %s: %j', (action, outcome, want) => {
    expect(undoOutcomeText(action, outcome)).toMatch(want);
  });

  it('a «delete and ban» that failed after its delete: the restore is announced, and that no unban is needed', () => {
    const notNeeded = 'блокировку автора снимать не нужно: заблокировать автора не удалось';
    expect(undoReplyText('restore', undefined, notNeeded)).toBe(
      'Решение отменено, карточка снова ждёт решения. Комментарий восстанавливается на платформе. ' +
        'Блокировку автора снимать не нужно: заблокировать автора не удалось.',
    );
    const head = 'Решение «удалить и заблокировать автора» (Анна) отменено: Борис, 28.11 14:06.';
    const note = undoPendingNote(head, 'restore', undefined, notNeeded);
    expect(note).toBe(
      `${head} Блокировку автора снимать не нужно: заблокировать автора не удалось. Восстанавливается…`,
    );
    expect(withoutPending(note)).toBe(
      `${head} Блокировку автора снимать не нужно: заблокировать автора не удалось.`,
    );
    // A failure that did nothing: only the card reopens, and the moderator is told why.
    expect(undoReplyText(undefined, undefined, 'на платформе отменять нечего: действие не выполнено')).toBe(
      'Решение отменено, карточка снова ждёт решения. На платформе отменять нечего: действие не выполнено.',
    );
  });

  it('the in-progress sentence is replaced by the outcome; what cannot be undone stays in the note', () => {
    const head = 'Решение «удалить и заблокировать автора» (Анна) отменено: Борис, 28.11 14:06.';
    const note = undoPendingNote(head, 'unban', FB_KEPT);
    expect(note).toBe(
      `${head} Комментарий не будет восстановлен: Facebook не позволяет вернуть удалённый комментарий. Снимается блокировка автора…`,
    );
    expect(withoutPending(note)).toBe(
      `${head} Комментарий не будет восстановлен: Facebook не позволяет вернуть удалённый комментарий.`,
    );
    // Notes written by older builds ended in « Восстанавливается…».
    expect(withoutPending(`${head} Восстанавливается…`)).toBe(head);
    expect(withoutPending(head)).toBe(head);
  });
});
