import { getTranslations } from 'next-intl/server';
import { automationSettings, type RuleDto } from '@/lib/automation/queries';
import { carrierName } from '@/lib/carriers/catalog';
import { CARRIER_IDS } from '@/lib/core/enums';
import { localeNames } from '@/lib/core/locales';
import { toActor } from '@/lib/staff/ctx';
import { staffLocale } from '../../_components/staff-locale';
import { requireAdminPage } from '../_admin/require-admin-page';
import { ScopedIntl } from '../../_ui/scoped-intl';
import { RuleEditor } from './rule-form';
import { RuleList } from './rule-list';

export async function generateMetadata() {
  const t = await getTranslations({ locale: await staffLocale(), namespace: 'automation' });
  return { title: t('title') };
}

/** Settings → Automation (issue #17): the rules in order, and the form to create or edit one. */
export default async function AutomationSettingsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const admin = await requireAdminPage();
  const locale = await staffLocale();
  const t = await getTranslations({ locale, namespace: 'automation' });
  const tq = await getTranslations({ locale, namespace: 'staff.queue' });
  const { rules, agents, teams, macroTitles } = await automationSettings({ db: admin.db, actor: toActor(admin.staff) });
  const { edit } = await searchParams;
  const editing = rules.find((r) => r.id === edit) ?? null;
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  const carriers = CARRIER_IDS.map((id) => ({ id, name: carrierName(id) }));

  /** One line per rule: its conditions and actions in words (codes never reach the screen). */
  function summary(rule: RuleDto): { conditions: string; actions: string } {
    const c = rule.conditions;
    const parts = [
      c.types.length ? `${t('types')}: ${c.types.map((x) => tq(`type.${x}`)).join(', ')}` : null,
      c.languages.length ? `${t('languages')}: ${c.languages.map((x) => localeNames[x]).join(', ')}` : null,
      c.carriers.length ? `${t('carriers')}: ${c.carriers.map((x) => carrierName(x)).join(', ')}` : null,
      c.markets.length ? `${t('markets')}: ${c.markets.join(', ')}` : null,
      c.orderValueMin !== null ? `${t('orderValueMin')} ${c.orderValueMin}` : null,
      c.orderValueMax !== null ? `${t('orderValueMax')} ${c.orderValueMax}` : null,
      c.tagsAny.length ? `${t('tagsAny')}: ${c.tagsAny.join(', ')}` : null,
      c.slaLeftHoursBelow !== null ? `${t('slaLeftHoursBelow')} ${c.slaLeftHoursBelow}` : null,
      c.teams.length ? `${t('teams')}: ${c.teams.map((id) => teamName.get(id) ?? '—').join(', ')}` : null,
    ].filter(Boolean);
    const a = rule.actions;
    const acts = [
      a.assign === 'language'
        ? t('assignModes.language')
        : a.assign === 'agent'
          ? `${t('assignModes.agent')}: ${agentName.get(a.assigneeId ?? '') ?? '—'}`
          : a.assign === 'team'
            ? `${t('team')}: ${teamName.get(a.teamId ?? '') ?? '—'}`
            : null,
      a.priority ? `${t('priority')}: ${tq(`priority.${a.priority}`)}` : null,
      a.addTags.length ? `${t('addTags')}: ${a.addTags.join(', ')}` : null,
      a.macroTitle ? `${t('macro')}: ${a.macroTitle}` : null,
      a.closeAfterDays !== null ? `${t('closeAfterDays')}: ${a.closeAfterDays}` : null,
    ].filter(Boolean);
    return { conditions: parts.length ? parts.join(' · ') : t('anyCase'), actions: acts.join(' · ') };
  }

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p>{t('intro')}</p>
      <ScopedIntl namespaces={['staffAdmin', 'automation', 'staff.queue']}>
        <RuleList rules={rules.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled, broken: r.broken, trigger: t(`triggers.${r.trigger}`), ...summary(r) }))} />
        <RuleEditor
          key={editing?.id ?? 'new'}
          rule={editing ? { id: editing.id, name: editing.name, trigger: editing.trigger, enabled: editing.enabled, conditions: editing.conditions, actions: editing.actions } : null}
          agents={agents}
          teams={teams}
          macroTitles={macroTitles}
          carriers={carriers}
        />
      </ScopedIntl>
    </div>
  );
}
