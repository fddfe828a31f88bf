/** Moved to lib/core/secret-box.ts (issue #13); re-exported so existing imports keep compiling. */
export * from '@/lib/core/secret-box';
