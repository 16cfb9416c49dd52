import type { RulePrecision } from '../../core/rules/rule-precision.ts';

/** The three reports of resolution No. 702 for one period, as data; renderers turn it into md/csv/html. */
export interface Report {
  readonly period: { readonly from: string; readonly to: string; readonly timeZone: string };
  readonly generatedAt: string;
  readonly registry: readonly RegistryRow[];
  readonly posting: PostingReport;
  readonly moderation: ModerationReport;
  readonly appeals: AppealsReport;
}

/** Clause 1.4: one official account. */
export interface RegistryRow {
  readonly accountId: string;
  readonly title: string;
  readonly owner: string;
  readonly platform: string;
  readonly mode: string;
  readonly url: string;
  /** False for an account found in the audit log but missing from the accounts file. */
  readonly inRegistry: boolean;
  /** Each token the account needs: whether its environment variable is set. */
  readonly tokens: readonly { readonly role: string; readonly variable: string; readonly present: boolean }[];
  /** When the last comment of this account reached Strazh (ISO), if ever: shows the webhook delivers. */
  readonly lastCommentAt: string | null;
  /** Webhook / polling health as the adapters reported it (current, not of the period). */
  readonly inbound: readonly InboundHealthView[];
}

export interface InboundHealthView {
  /** `webhook` or `poll`. */
  readonly channel: string;
  /** Shared by every account of the platform (Facebook/Instagram endpoint, bad signature). */
  readonly shared: boolean;
  readonly lastOkAt: string | null;
  readonly lastErrorAt: string | null;
  readonly lastError: string | null;
  readonly errorsSinceOk: number;
  /** The last thing that happened was a failure. */
  readonly failing: boolean;
}

/** Clause 2.2: the account's own posts per ISO week. */
export interface PostingReport {
  readonly target: number;
  readonly rows: readonly PostingRow[];
}

export interface PostingRow {
  readonly accountId: string;
  /** `platform`: counted on the platform (`report --count-posts`); `log`: posts Strazh was told of. */
  readonly source: 'log' | 'platform';
  /** Why the platform could not be asked (then the log's figures are shown). */
  readonly platformError?: string;
  readonly weeks: readonly PostingWeek[];
  readonly total: number;
  readonly weeksBelowTarget: number;
}

export interface PostingWeek {
  /** ISO week, e.g. `2026-W10`. */
  readonly week: string;
  /** Monday of the week (`YYYY-MM-DD`). */
  readonly monday: string;
  readonly posts: number;
  /** Posts recorded in the audit log (the account's own posts the adapters reported). */
  readonly loggedPosts: number;
  /** The period covers only part of this week: it is not judged against the target. */
  readonly partial: boolean;
  readonly belowTarget: boolean;
}

export interface ModerationCounts {
  /** Every comment moderated. */
  readonly seen: number;
  /** Kept without any rule hitting. */
  readonly clean: number;
  readonly autoDeleted: number;
  readonly sentToReview: number;
  readonly humanDeleted: number;
  readonly humanKept: number;
  /** Sent to review, no decision yet. */
  readonly awaitingReview: number;
  /** Flagged on an account in shadow mode: recorded only. */
  readonly shadowFlagged: number;
}

export interface CountsBy {
  readonly key: string;
  readonly counts: ModerationCounts;
}

export interface ModerationReport {
  readonly total: ModerationCounts;
  readonly byCategory: readonly CountsBy[];
  readonly byAccount: readonly CountsBy[];
  readonly byPlatform: readonly CountsBy[];
  /** Time from sending to review to a moderator's decision. */
  readonly decisionTime: {
    readonly decisions: number;
    readonly medianMs: number | null;
    readonly p95Ms: number | null;
  };
  /** Rules by how often moderators overturned them, most overturned first. */
  readonly rules: readonly RulePrecision[];
  readonly overturnLimit: { readonly maxRate: number; readonly minDecisions: number };
  /** Platform actions that failed for good in the period. */
  readonly failedActions: number;
}

/** Clause 3: citizens' appeals, counted as they stood at the end of the period. */
export interface AppealsReport {
  /** Appeals registered in the period (including those later marked «Не обращение»). */
  readonly total: AppealCounts;
  readonly byTopic: readonly AppealCountsBy[];
  /** By the department responsible at the end of the period. */
  readonly byDepartment: readonly AppealCountsBy[];
  /** Waiting past their deadline at the end of the period, whenever they were registered. */
  readonly overdue: readonly OverdueAppeal[];
  /** False when the routing/calendar files could not be read: working-hour figures are missing. */
  readonly workingHoursKnown: boolean;
}

export interface AppealCounts {
  readonly registered: number;
  readonly notAppeal: number;
  readonly answered: number;
  readonly answeredInTime: number;
  /** Waiting, deadline not yet passed at the end of the period. */
  readonly waiting: number;
  /** Waiting, deadline passed. */
  readonly overdue: number;
  /** answeredInTime / (answered + overdue): those whose outcome is known; null when none. */
  readonly shareInTime: number | null;
  /** Working minutes from the citizen's comment to the first answer. */
  readonly firstAnswer: {
    readonly answers: number;
    readonly medianMin: number | null;
    readonly p95Min: number | null;
  };
}

export interface AppealCountsBy {
  readonly key: string;
  readonly name: string;
  readonly counts: AppealCounts;
}

export interface OverdueAppeal {
  readonly id: string;
  readonly accountId: string;
  readonly topicName: string;
  readonly department: string;
  readonly departmentName: string;
  readonly state: string;
  readonly commentedAt: string;
  readonly dueAt: string;
  /** Working minutes between the deadline and the end of the period; null when hours are unknown. */
  readonly overdueMin: number | null;
  readonly permalink: string | null;
  readonly text: string | null;
}
