'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { type FieldErrors, useForm, useWatch } from 'react-hook-form';
import { ASSIGN_MODES, AUTOMATION_TRIGGERS, type RuleForm, type RuleFormInput, ruleFormSchema } from '@/lib/automation/schemas';
import { CASE_PRIORITIES, CASE_TYPES } from '@/lib/core/enums';
import { localeNames, locales } from '@/lib/core/locales';
import type { StaffActionState } from '../../_components/staff-action';
import { FormRow } from '../../_ui/form-row';
import { SubmitButton } from '../../_components/submit-button';
import { errorAt } from '../_components/field-error';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { secondaryButton } from '../../_ui/button';
import { saveRuleAction } from './actions';
import { optionalNumber } from '../_components/optional-number';
import { Card } from '../../_ui/card';

type Props = {
  rule: (RuleForm & { id: string }) | null;
  agents: Array<{ id: string; name: string }>;
  teams: Array<{ id: string; name: string }>;
  macroTitles: string[];
  carriers: Array<{ id: string; name: string }>;
};

const EMPTY: RuleFormInput = {
  name: '',
  trigger: 'case_opened',
  enabled: true,
  conditions: { types: [], languages: [], carriers: [], markets: '', orderValueMin: null, orderValueMax: null, tagsAny: '', slaLeftHoursBelow: null, teams: [] },
  actions: { assign: 'none', assigneeId: null, teamId: null, priority: null, addTags: '', macroTitle: null, closeAfterDays: null },
};

function valuesOf(rule: Props['rule']): RuleFormInput {
  if (!rule) return EMPTY;
  return {
    name: rule.name,
    trigger: rule.trigger,
    enabled: rule.enabled,
    conditions: { ...rule.conditions, markets: rule.conditions.markets.join(', '), tagsAny: rule.conditions.tagsAny.join(', ') },
    actions: { ...rule.actions, addTags: rule.actions.addTags.join(', ') },
  };
}

/** The error at a path, or the first error of its items (a list field's `markets.0`). */
function clientError(errors: FieldErrors, path: string): string | undefined {
  const direct = errorAt(errors, path);
  if (direct) return direct;
  let node: unknown = errors;
  for (const part of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (node && typeof node === 'object') for (const item of Object.values(node)) if (item && typeof item === 'object' && typeof (item as { message?: unknown }).message === 'string') return (item as { message: string }).message;
  return undefined;
}

const checkboxRow = 'flex min-h-11 items-center gap-2';

/** Create or edit one rule: trigger, conditions, actions (one zod schema with the server, localized messages). */
export function RuleEditor({ rule, agents, teams, macroTitles, carriers }: Props) {
  const t = useTranslations('automation');
  const tq = useTranslations('staff.queue');
  const fieldError = useFieldError('automation');
  const router = useRouter();
  const [state, setState] = useState<StaffActionState>({ ok: null });
  const [pending, startTransition] = useTransition();
  const form = useForm<RuleFormInput, unknown, RuleForm>({ resolver: zodResolver(ruleFormSchema), defaultValues: valuesOf(rule) });
  const errors = form.formState.errors;
  const err = (path: string) => fieldError(clientError(errors, path) ?? serverFieldError(state, path));
  const assign = useWatch({ control: form.control, name: 'actions.assign' });
  const submit = form.handleSubmit((data) =>
    startTransition(async () => {
      const result = await saveRuleAction(data, rule?.id ?? null);
      setState(result);
      if (result.ok) {
        if (!rule) form.reset(EMPTY);
        router.push('/staff/settings/automation');
        router.refresh();
      }
    }),
  );
  const actionsError = fieldError(errorAt(errors, 'actions') ?? (state.ok === false ? state.fieldErrors?.actions?.[0] : undefined));

  /** An optional non-negative number condition (empty is "any"). */
  const decimalField = (id: string, name: 'conditions.orderValueMin' | 'conditions.orderValueMax' | 'conditions.slaLeftHoursBelow', label: string, hint?: string) => (
    <FormRow id={id} label={label} hint={hint} error={err(name)} input={{ type: 'number', min: 0, step: 'any', inputMode: 'decimal', ...form.register(name, { setValueAs: optionalNumber }) }} />
  );

  const checkboxGroup = (name: 'conditions.types' | 'conditions.languages' | 'conditions.carriers' | 'conditions.teams', legend: string, options: Array<{ value: string; label: string }>) => {
    const id = name.replace('.', '-');
    const error = err(name);
    return (
      <fieldset key={name} className="space-y-1" aria-describedby={error ? `${id}-error` : undefined}>
        <legend className="font-medium">{legend}</legend>
        <div className="flex flex-wrap gap-x-4">
          {options.map((o) => (
            <label key={o.value} className={checkboxRow}>
              <input type="checkbox" value={o.value} {...form.register(name)} /> {o.label}
            </label>
          ))}
        </div>
        {error && (
          <p id={`${id}-error`} className="text-sm text-[var(--color-danger)]">
            {error}
          </p>
        )}
      </fieldset>
    );
  };

  return (
    <Card title={rule ? t('editHeading', { name: rule.name }) : t('newHeading')}>
      <form noValidate onSubmit={submit} className="space-y-5" aria-labelledby="rule-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormRow id="rule-name" label={t('name')} error={err('name')} input={{ type: 'text', autoComplete: 'off', ...form.register('name') }} />
          <FormRow id="rule-trigger" label={t('trigger')} error={err('trigger')} select={form.register('trigger')}>
            {AUTOMATION_TRIGGERS.map((trigger) => (
              <option key={trigger} value={trigger}>
                {t(`triggers.${trigger}`)}
              </option>
            ))}
          </FormRow>
        </div>
        <label className={checkboxRow}>
          <input type="checkbox" {...form.register('enabled')} /> {t('enabled')}
        </label>

        <fieldset className="space-y-3">
          <legend className="text-base font-semibold">{t('conditionsHeading')}</legend>
          <p className="text-sm text-[var(--color-muted)]">{t('conditionsIntro')}</p>
          {checkboxGroup('conditions.types', t('types'), CASE_TYPES.map((v) => ({ value: v, label: tq(`type.${v}`) })))}
          {checkboxGroup('conditions.languages', t('languages'), locales.map((v) => ({ value: v, label: localeNames[v] })))}
          {checkboxGroup('conditions.carriers', t('carriers'), carriers.map((c) => ({ value: c.id, label: c.name })))}
          {teams.length > 0 && checkboxGroup('conditions.teams', t('teams'), teams.map((team) => ({ value: team.id, label: team.name })))}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormRow id="rule-markets" label={t('markets')} hint={t('marketsHint')} error={err('conditions.markets')} input={{ type: 'text', autoComplete: 'off', ...form.register('conditions.markets') }} />
            <FormRow id="rule-tags-any" label={t('tagsAny')} hint={t('tagsHint')} error={err('conditions.tagsAny')} input={{ type: 'text', autoComplete: 'off', ...form.register('conditions.tagsAny') }} />
            {decimalField('rule-value-min', 'conditions.orderValueMin', t('orderValueMin'), t('orderValueHint'))}
            {decimalField('rule-value-max', 'conditions.orderValueMax', t('orderValueMax'), t('orderValueHint'))}
            {decimalField('rule-sla-left', 'conditions.slaLeftHoursBelow', t('slaLeftHoursBelow'))}
          </div>
        </fieldset>

        <fieldset className="space-y-3" aria-describedby={actionsError ? 'rule-actions-error' : undefined}>
          <legend className="text-base font-semibold">{t('actionsHeading')}</legend>
          {actionsError && (
            <p id="rule-actions-error" role="alert" className="text-sm text-[var(--color-danger)]">
              {actionsError}
            </p>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <FormRow id="rule-assign" label={t('assign')} error={err('actions.assign')} select={form.register('actions.assign')}>
              {ASSIGN_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(`assignModes.${mode}`)}
                </option>
              ))}
            </FormRow>
            {assign === 'agent' && (
              <FormRow id="rule-assignee" label={t('assignee')} error={err('actions.assigneeId')} select={form.register('actions.assigneeId')}>
                <option value="">{t('assigneePick')}</option>
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </FormRow>
            )}
            {assign === 'team' && (
              <FormRow id="rule-team" label={t('team')} error={err('actions.teamId')} select={form.register('actions.teamId')}>
                <option value="">{t('teamPick')}</option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </FormRow>
            )}
            <FormRow id="rule-priority" label={t('priority')} error={err('actions.priority')} select={form.register('actions.priority')}>
              <option value="">{t('priorityKeep')}</option>
              {CASE_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {tq(`priority.${p}`)}
                </option>
              ))}
            </FormRow>
            <FormRow id="rule-add-tags" label={t('addTags')} hint={t('tagsHint')} error={err('actions.addTags')} input={{ type: 'text', autoComplete: 'off', ...form.register('actions.addTags') }} />
            <FormRow id="rule-macro" label={t('macro')} hint={t('macroHint')} error={err('actions.macroTitle')} select={form.register('actions.macroTitle')}>
              <option value="">{t('macroNone')}</option>
              {macroTitles.map((title) => (
                <option key={title} value={title}>
                  {title}
                </option>
              ))}
            </FormRow>
            <FormRow
              id="rule-close-after"
              label={t('closeAfterDays')}
              hint={t('closeAfterHint')}
              error={err('actions.closeAfterDays')}
              input={{ type: 'number', min: 1, max: 365, step: 1, inputMode: 'numeric', ...form.register('actions.closeAfterDays', { setValueAs: optionalNumber }) }}
            />
          </div>
        </fieldset>

        <AdminFeedback state={state} namespace="automation" />
        <div className="flex flex-wrap gap-2">
          <SubmitButton pending={pending} pendingLabel={t('saving')}>
            {rule ? t('save') : t('create')}
          </SubmitButton>
          {rule && (
            <Link href="/staff/settings/automation" className={`${secondaryButton} inline-flex items-center no-underline`}>
              {t('cancelEdit')}
            </Link>
          )}
        </div>
      </form>
    </Card>
  );
}
