import type { Platform } from '../core/comment.ts';

// Braces make every key of a queue hash to one Redis Cluster slot (BullMQ's Lua scripts need that).
export const MODERATE_QUEUE = '{moderate}';
export const REVIEW_QUEUE = '{review}';
export const actQueueName = (platform: Platform): string => `{act-${platform}}`;
