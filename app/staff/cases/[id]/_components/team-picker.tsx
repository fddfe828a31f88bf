'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import type { ErrorCode } from '@/lib/errors';
import { FormError } from '../../../_components/form-error';
import { SubmitButton } from '../../../_components/submit-button';
import { setCaseTeamAction } from './case-team-action';

/** The case header: which team's queue holds the case, and moving it to another (or out of every team). */
export function TeamPicker({ caseId, version, teamId, teams }: { caseId: string; version: number; teamId: string | null; teams: Array<{ id: string; name: string }> }) {
  const t = useTranslations('staff.case');
  const router = useRouter();
  const [target, setTarget] = useState(teamId ?? '');
  const [error, setError] = useState<ErrorCode | null>(null);
  const [pending, startTransition] = useTransition();
  const current = teams.find((team) => team.id === teamId)?.name ?? t('noTeam');
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await setCaseTeamAction({ caseId, version, teamId: target || null });
          setError(result.ok ? null : result.code);
          router.refresh();
        });
      }}
    >
      <span>
        {t('team')}: <strong data-testid="case-team">{current}</strong>
      </span>
      <label htmlFor="case-team" className="sr-only">
        {t('teamOf')}
      </label>
      <select id="case-team" value={target} onChange={(e) => setTarget(e.target.value)} className="min-h-11 rounded border border-[var(--color-muted)] bg-white px-2">
        <option value="">{t('noTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      <SubmitButton pending={pending} disabled={target === (teamId ?? '')} className="min-h-11 rounded border border-[var(--color-line)] bg-white px-3">
        {t('moveTeam')}
      </SubmitButton>
      <FormError code={error} messages={{ invalid_input: t('teamUnknown') }} />
    </form>
  );
}
