/** The case types lib/sla has targets for (mirrors `CaseType` in lib/sla/sla.ts). */
export const CASE_TYPES = ['return', 'exchange', 'claim', 'delivery_issue', 'withdrawal', 'question'] as const;
