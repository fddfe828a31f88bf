/** Moved to lib/core/locales.ts (issue #13: core helpers such as money formatting need them); re-exported here. */
export * from '@/lib/core/locales';
