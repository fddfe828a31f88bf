'use client';

import { useTranslations } from 'next-intl';
import { useStaffAction } from '../../_components/use-staff-action';
import { AdminFeedback } from '../_admin/admin-feedback';
import { secondaryButton } from '../../_ui/button';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { ShownOnce } from '../_admin/copy-button';
import { changeStaffRoleAction, disableStaffAction, enableStaffAction, resendInviteAction, resetStaffTwoFactorAction } from './actions';

type Row = { id: string; name: string; role: 'agent' | 'admin'; disabled: boolean; twoFactor: boolean; pendingInvite: boolean };

export function StaffRowActions({ user }: { user: Row }) {
  const t = useTranslations('staffAdmin.staff');
  const { state, pending, run } = useStaffAction();
  const nextRole = user.role === 'admin' ? 'agent' : 'admin';
  return (
    <div className="space-y-2" role="group" aria-label={t('actionsFor', { name: user.name })}>
      <div className="flex flex-wrap gap-2">
        {!user.disabled && (
          <ConfirmButton
            label={user.role === 'admin' ? t('makeAgent') : t('makeAdmin')}
            title={t('roleTitle', { name: user.name, role: t(`roles.${nextRole}`) })}
            intro={t('roleIntro')}
            disabled={pending}
            onConfirm={() => run(() => changeStaffRoleAction({ staffId: user.id, role: nextRole }))}
          />
        )}
        {user.disabled ? (
          <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => enableStaffAction({ staffId: user.id }))}>
            {t('enable')}
          </button>
        ) : (
          <ConfirmButton label={t('disable')} title={t('disableTitle', { name: user.name })} intro={t('disableIntro')} disabled={pending} onConfirm={() => run(() => disableStaffAction({ staffId: user.id }))} />
        )}
        {user.pendingInvite && (
          <button type="button" className={secondaryButton} disabled={pending} onClick={() => run(() => resendInviteAction({ staffId: user.id }))}>
            {t('resend')}
          </button>
        )}
        {user.twoFactor && (
          <ConfirmButton label={t('resetTwoFactor')} title={t('resetTitle', { name: user.name })} intro={t('resetIntro')} disabled={pending} onConfirm={() => run(() => resetStaffTwoFactorAction({ staffId: user.id }))} />
        )}
      </div>
      <AdminFeedback state={state} />
      {state.ok === true && state.done === 'inviteResent' && <ShownOnce id={`invite-link-${user.id}`} label={t('inviteLink')} value={String(state.values?.url)} />}
    </div>
  );
}
