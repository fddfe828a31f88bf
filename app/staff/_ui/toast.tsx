'use client';

import { Toast } from 'radix-ui';
import { useTranslations } from 'next-intl';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

const ToastContext = createContext<(message: string) => void>(() => undefined);

/**
 * The desk's toasts (Radix Toast): short confirmations that need no place on the page ("Copied").
 * Radix announces each in a polite live region; F8 moves focus to the viewport; they close by
 * themselves, by Escape or by their close button. Mounted once, in the staff layout.
 */
export function StaffToaster({ children }: { children: ReactNode }) {
  const t = useTranslations('staff.ui');
  const [toasts, setToasts] = useState<{ id: number; message: string }[]>([]);
  const nextId = useRef(0);
  const show = useCallback((message: string) => setToasts((list) => [...list, { id: nextId.current++, message }]), []);
  return (
    <Toast.Provider label={t('notification')} duration={5000}>
      <ToastContext.Provider value={show}>{children}</ToastContext.Provider>
      {toasts.map((toast) => (
        <Toast.Root
          key={toast.id}
          type="background"
          onOpenChange={(open) => open || setToasts((list) => list.filter((x) => x.id !== toast.id))}
          className="flex items-center justify-between gap-3 rounded-lg border border-[var(--color-line)] bg-white py-1 pl-4 pr-1 shadow-lg"
        >
          <Toast.Description>{toast.message}</Toast.Description>
          <Toast.Close aria-label={t('dismiss')} className="min-h-11 min-w-11 rounded text-xl leading-none">
            <span aria-hidden="true">×</span>
          </Toast.Close>
        </Toast.Root>
      ))}
      {/* Radix puts the F8 hotkey where the label says {hotkey}. */}
      <Toast.Viewport label={t('notifications', { hotkey: '{hotkey}' })} className="fixed bottom-4 right-4 z-50 m-0 flex w-[min(24rem,calc(100vw-2rem))] list-none flex-col gap-2 p-0" />
    </Toast.Provider>
  );
}

/** Shows a toast: `const toast = useToast(); toast(t('copied'))`. */
export function useToast() {
  return useContext(ToastContext);
}
