/** Moved to lib/audit/record-case-event.ts (issue #13); re-exported so existing imports keep compiling. */
export { type CaseEventInput, recordCaseEvent } from '@/lib/audit/record-case-event';
