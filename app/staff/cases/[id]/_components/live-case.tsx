'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { PresenceEntry } from '@/lib/cases/presence';
import { useCoalesced, useLive } from '../../../_components/use-live';

/**
 * The open case, live: colleagues on it ("Anna is viewing", "Anna is typing…", in a polite live region, as
 * text) and a refresh of the page's server data when anything on the case changes (a customer message, a
 * colleague's reply or note, an event). The composer keeps what the agent is writing across refreshes.
 */
export function LiveCase({ caseId, me }: { caseId: string; me: string }) {
  const t = useTranslations('staff.live');
  const router = useRouter();
  const [people, setPeople] = useState<PresenceEntry[]>([]);
  const refresh = useCoalesced(() => router.refresh(), 300);
  const connected = useLive(`/staff/api/live?case=${encodeURIComponent(caseId)}`, {
    case: refresh,
    presence: (data) => setPeople(((data as { people?: PresenceEntry[] }).people ?? []).filter((p) => p.staffId !== me)),
  });
  return (
    <div className="text-sm" data-testid="case-presence">
      <p role="status" aria-live="polite" className="flex flex-wrap gap-x-3">
        {people.map((p) => (
          <span key={p.staffId} data-state={p.state} className={p.state === 'typing' ? 'font-semibold' : ''}>
            {t(p.state === 'typing' ? 'typing' : 'viewing', { name: p.name })}
          </span>
        ))}
      </p>
      {!connected && <p className="sr-only">{t('offline')}</p>}
    </div>
  );
}
