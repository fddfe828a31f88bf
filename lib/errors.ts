/** Moved to lib/core/errors.ts (issue #13); this path stays so existing imports keep compiling. */
export * from '@/lib/core/errors';
