/** Moved to lib/core/url.ts (issue #13); re-exported here so existing imports keep compiling. */
export { appOrigin, appUrl } from '@/lib/core/url';
