import { getTranslations } from 'next-intl/server';
import { listStaffUsers } from '@/lib/staff-admin/queries';
import { getShopSettings } from '@/lib/settings/shop';
import { staffLocale } from '../../_components/staff-locale';
import { regionalFormat } from '@/lib/i18n/format';
import { AdminIntl } from '../_admin/admin-intl';
import { DataTable } from '../../_ui/data-table';
import { requireAdminPage } from '../_admin/require-admin-page';
import { InviteForm } from './invite-form';
import { StaffRowActions } from './row-actions';
import { agentRouting } from '@/lib/automation/queries';
import { toActor } from '@/lib/staff/ctx';
import { AutomationIntl } from '../automation/automation-intl';
import { RoutingTable } from './routing-form';
import { listTeams } from '@/lib/teams/queries';
import { TeamsSection } from './teams-section';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'staffAdmin.staff' });
  return { title: t('title') };
}

export default async function StaffUsersPage() {
  const admin = await requireAdminPage();
  const { staff } = admin;
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'staffAdmin.staff' });
  const ta = await getTranslations({ locale, namespace: 'staffAdmin' });
  const format = regionalFormat(locale);
  const [users, shop, routing, teams] = await Promise.all([
    listStaffUsers(admin.db),
    getShopSettings(),
    agentRouting({ db: admin.db, actor: toActor(staff) }),
    listTeams({ db: admin.db, actor: toActor(staff) }),
  ]);
  const when = (iso: string) => format.moment(iso, shop.timeZone);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <AdminIntl>
        <DataTable caption={t('caption')} columns={(['name', 'email', 'role', 'status', 'twoFactor', 'lastLogin', 'actions'] as const).map((k) => t(`columns.${k}`))}>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-[var(--color-line)] align-top" data-testid="staff-row" data-email={u.email}>
              <th scope="row" className="p-2 font-normal">
                {u.name} {u.id === staff.staffId && <span className="text-[var(--color-muted)]">{t('you')}</span>}
              </th>
              <td className="p-2">{u.email}</td>
              <td className="p-2" data-testid="staff-role">
                {t(`roles.${u.role}`)}
              </td>
              <td className="p-2" data-testid="staff-status">
                {u.status === 'invited' ? t('status.invited', { date: when(u.inviteExpiresAt!) }) : u.status === 'invite_expired' ? t('status.inviteExpired') : t(`status.${u.status}`)}
              </td>
              <td className="p-2">{u.twoFactor ? t('twoFactorOn') : t('twoFactorOff')}</td>
              <td className="p-2">{u.lastLoginAt ? when(u.lastLoginAt) : ta('never')}</td>
              <td className="p-2">
                {u.id !== staff.staffId && <StaffRowActions user={{ id: u.id, name: u.name, role: u.role, disabled: u.status === 'disabled', twoFactor: u.twoFactor, pendingInvite: u.status === 'invited' || u.status === 'invite_expired' }} />}
              </td>
            </tr>
          ))}
        </DataTable>
        <InviteForm />
      </AdminIntl>
      <AutomationIntl>
        <RoutingTable rows={routing} />
        <TeamsSection teams={teams} people={routing.map((r) => ({ id: r.id, name: r.name }))} />
      </AutomationIntl>
    </div>
  );
}
