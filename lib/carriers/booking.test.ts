import { describe, expect, it } from 'vitest';
import { connectionResultOf } from './booking';

describe('connectionResultOf: a "test connection" answer as staff see it', () => {
  it('no answer is unreachable; 401 and 403 are refused credentials; another non-2xx is unexpected, with its status', () => {
    expect(connectionResultOf('unreachable')).toEqual({ ok: false, reason: 'unreachable' });
    expect(connectionResultOf({ status: 401 })).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    expect(connectionResultOf({ status: 403, looksRight: true })).toEqual({ ok: false, reason: 'unauthorized', status: 403 });
    expect(connectionResultOf({ status: 404 })).toEqual({ ok: false, reason: 'unexpected', status: 404 });
    expect(connectionResultOf({ status: 500, looksRight: true })).toEqual({ ok: false, reason: 'unexpected', status: 500 });
    expect(connectionResultOf({ status: 302 })).toEqual({ ok: false, reason: 'unexpected', status: 302 });
  });

  it('a 2xx is accepted unless its body is not the carrier’s answer', () => {
    expect(connectionResultOf({ status: 200 })).toEqual({ ok: true });
    expect(connectionResultOf({ status: 204, looksRight: true })).toEqual({ ok: true });
    expect(connectionResultOf({ status: 200, looksRight: false })).toEqual({ ok: false, reason: 'unexpected', status: 200 });
  });
});
