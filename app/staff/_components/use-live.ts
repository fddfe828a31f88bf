'use client';

import { useEffect, useRef, useState } from 'react';

type Handlers = Partial<Record<'case' | 'queue' | 'presence' | 'gone', (data: unknown) => void>>;

/**
 * Server-sent events from /staff/api/live (app/staff/api/live/route.ts). EventSource reconnects by itself
 * (the server ends every stream after a few minutes so the session is checked again); `connected` is false
 * while it is down, so callers fall back to a slow poll. Returns whether the stream is up.
 */
export function useLive(url: string | null, handlers: Handlers): boolean {
  const [connected, setConnected] = useState(false);
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    const on = (name: keyof Handlers) => (event: MessageEvent<string>) => {
      let data: unknown = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      ref.current[name]?.(data);
    };
    source.addEventListener('ready', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    for (const name of ['case', 'queue', 'presence', 'gone'] as const) source.addEventListener(name, on(name));
    // The case is gone (or was never there): no reconnecting every few seconds.
    source.addEventListener('gone', () => {
      source.close();
      setConnected(false);
    });
    return () => {
      source.close();
      setConnected(false);
    };
  }, [url]);
  return connected;
}

/** Runs `fn` at most once per `ms`, trailing: a burst of notifications costs one refresh. */
export function useCoalesced(fn: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  };
}
