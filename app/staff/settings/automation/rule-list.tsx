'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useStaffAction } from '../../_components/use-staff-action';
import { AdminFeedback } from '../_admin/admin-feedback';
import { secondaryButton } from '../../_ui/button';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { deleteRuleAction, moveRuleAction, toggleRuleAction } from './actions';
import { Badge } from '../../_ui/badge';
import { EmptyState } from '../../_ui/empty-state';

export type RuleRow = { id: string; name: string; enabled: boolean; broken: boolean; trigger: string; conditions: string; actions: string };

/** The rules in the order they run, each with move, on/off, edit and delete. */
export function RuleList({ rules }: { rules: RuleRow[] }) {
  const t = useTranslations('automation');
  const { state, pending, run } = useStaffAction();
  return (
    <section aria-labelledby="rules-heading" className="space-y-3">
      <h2 id="rules-heading" className="text-lg font-semibold">
        {t('listHeading')}
      </h2>
      <AdminFeedback state={state} namespace="automation" />
      {rules.length === 0 ? (
        <EmptyState>{t('listEmpty')}</EmptyState>
      ) : (
        <ol className="space-y-2" data-testid="automation-rules">
          {rules.map((rule, i) => (
            <li key={rule.id} className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3" data-testid="automation-rule" data-name={rule.name}>
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-semibold">
                  {i + 1}. {rule.name}
                </span>
                <Badge tone={rule.enabled ? 'success' : 'neutral'} data-testid="rule-state">
                  {rule.enabled ? t('on') : t('off')}
                </Badge>
              </div>
              <p className="text-sm">{t('when', { trigger: rule.trigger })}</p>
              <p className="text-sm">{rule.conditions}</p>
              <p className="text-sm">→ {rule.actions}</p>
              {rule.broken && (
                <p role="alert" className="text-sm text-[var(--color-danger)]">
                  {t('broken')}
                </p>
              )}
              <div className="flex flex-wrap gap-2">
                <button type="button" className={secondaryButton} disabled={pending || i === 0} aria-label={t('moveUp', { name: rule.name })} onClick={() => run(() => moveRuleAction({ ruleId: rule.id, direction: 'up' }))}>
                  ↑
                </button>
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={pending || i === rules.length - 1}
                  aria-label={t('moveDown', { name: rule.name })}
                  onClick={() => run(() => moveRuleAction({ ruleId: rule.id, direction: 'down' }))}
                >
                  ↓
                </button>
                <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => toggleRuleAction({ ruleId: rule.id, enabled: !rule.enabled }))}>
                  {rule.enabled ? t('disable', { name: rule.name }) : t('enable', { name: rule.name })}
                </button>
                <Link href={`/staff/settings/automation?edit=${rule.id}#rule-form`} className={`${secondaryButton} inline-flex items-center no-underline`}>
                  {t('edit', { name: rule.name })}
                </Link>
                <ConfirmButton label={t('delete', { name: rule.name })} title={t('delete', { name: rule.name })} intro={t('deleteConfirm', { name: rule.name })} onConfirm={() => run(() => deleteRuleAction({ ruleId: rule.id }))} disabled={pending} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
