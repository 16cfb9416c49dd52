import type { Platform } from '../core/comment.ts';

// Braces make every key of a queue hash to one Redis Cluster slot (BullMQ's Lua scripts need that).
export const MODERATE_QUEUE = '{moderate}';
export const REVIEW_QUEUE = '{review}';
/** Housekeeping of the audit log (retention purge). */
export const AUDIT_QUEUE = '{audit}';
export const actQueueName = (platform: Platform): string => `{act-${platform}}`;
