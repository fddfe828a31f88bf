import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requestIdOf, scrubText } from './log.mjs';

describe('JSON logs', () => {
  it('write one JSON object per line, censor personal keys and mask addresses in error texts', () => {
    const script = `
      import { logger } from './scripts/lib/log.mjs';
      const log = logger('web');
      log.info({ requestId: 'req-12345678', email: 'jane@example.com', order: { customerName: 'Jane Doe', street: 'Mannerheimintie 1' } }, 'lookup');
      const error = new Error('550 <jane@example.com>: unknown user'); error.detail = 'Key (email)=(jane@example.com) already exists';
      log.error({ err: error }, 'send failed');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LOG_FILE: '' } });
    const lines = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'info', component: 'web', requestId: 'req-12345678', email: '[redacted]', order: { customerName: '[redacted]', street: '[redacted]' } });
    expect(lines[1].err.message).toBe('550 <[email]>: unknown user');
    expect(out).not.toContain('jane@example.com');
    expect(out).not.toContain('Jane Doe');
  });

  it("take the proxy's request id only when it looks like one", () => {
    const fresh = () => 'generated-id';
    expect(requestIdOf('3f2c9d1e-aaaa-bbbb-cccc-1234567890ab', fresh)).toBe('3f2c9d1e-aaaa-bbbb-cccc-1234567890ab');
    for (const bad of [undefined, '', 'short', 'x'.repeat(65), 'id with spaces 123', 'jane@example.com\n{"level":"error"}']) expect(requestIdOf(bad, fresh)).toBe('generated-id');
    expect(scrubText('to bob.smith+tag@mail.example.fi failed')).toBe('to [email] failed');
  });
});
