import type { AppealRecord } from '../../core/appeals/appeal-record.ts';
import type { AppealRouting, Department } from '../../core/appeals/routing.ts';
import type { AppealRegistry, RegistryResult } from './appeal-registry.ts';

/** A Telegram user acting on an appeal card. */
export interface Official {
  readonly id: string;
  readonly name: string;
}

export type DeskResult =
  | RegistryResult
  | { readonly ok: false; readonly refused: 'unknown_department'; readonly department: string };

/**
 * What officials can do with appeals, for the Telegram bot: the three card buttons and `/appeals`.
 * Every method returns the registry's answer (`ok` with the new record and event, or why not), and
 * the resulting event also reaches every sink through the outbox.
 */
export class AppealDesk {
  constructor(
    private readonly registry: AppealRegistry,
    private readonly routing: () => AppealRouting,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** «Ответ дан». */
  answered(id: string, by: Official, note?: string): Promise<DeskResult> {
    return this.registry.act(id, { type: 'answer', by: { kind: 'official', ...by }, at: this.now(), note });
  }

  /**
   * «Передать»: to another department; the deadline and the history stay. With `expectedRevision`
   * (the revision the chooser was drawn at) it applies only if nothing changed meanwhile.
   */
  async transfer(
    id: string,
    toDepartment: string,
    by: Official,
    note?: string,
    expectedRevision?: number,
  ): Promise<DeskResult> {
    if (!this.routing().departments.has(toDepartment))
      return { ok: false, refused: 'unknown_department', department: toDepartment };
    return this.registry.act(
      id,
      { type: 'transfer', toDepartment, by: { kind: 'official', ...by }, at: this.now(), note },
      expectedRevision,
    );
  }

  /** «Не обращение»: closes it; the detector's mistake stays in the history for tuning. */
  notAnAppeal(id: string, by: Official, note?: string): Promise<DeskResult> {
    return this.registry.act(id, {
      type: 'not_an_appeal',
      by: { kind: 'official', ...by },
      at: this.now(),
      note,
    });
  }

  /** `/appeals`: waiting appeals by deadline, of one department when given. */
  list(department?: string, limit = 30): Promise<AppealRecord[]> {
    return this.registry.listWaiting({ department, limit });
  }

  get(id: string): Promise<AppealRecord | undefined> {
    return this.registry.get(id);
  }

  /** Departments to offer under «Передать». */
  departments(): Department[] {
    return [...this.routing().departments.values()];
  }

  /** The department a chat belongs to (for `/appeals` sent in a department's chat). */
  departmentByChat(chatId: string): Department | undefined {
    return this.departments().find((d) => d.chatId === chatId || d.supervisor.chatId === chatId);
  }
}
