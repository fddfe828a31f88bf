'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useForm } from 'react-hook-form';
import { type CreateTeamInput, createTeamSchema, type RenameTeamInput, renameTeamSchema, type SetTeamMembersInput, setTeamMembersSchema } from '@/lib/teams/schemas';
import { SubmitButton } from '../../_components/submit-button';
import { useStaffAction } from '../../_components/use-staff-action';
import { errorAt } from '../_components/field-error';
import { AdminFeedback, serverFieldError, useFieldError } from '../_admin/admin-feedback';
import { secondaryButton } from '../../_ui/button';
import { DataTable } from '../../_ui/data-table';
import { ConfirmButton } from '../../_ui/confirm-dialog';
import { createTeamAction, deleteTeamAction, renameTeamAction, setTeamMembersAction } from './team-actions';

export type TeamRow = { id: string; name: string; memberIds: string[] };
type Person = { id: string; name: string };

const input = 'min-h-11 rounded border border-[var(--color-muted)] bg-white px-2 aria-[invalid=true]:border-[var(--color-danger)]';

/** One team: its name (rename), its members (ticked, saved together) and delete; each saved on its own. */
function TeamForms({ team, people }: { team: TeamRow; people: Person[] }) {
  const t = useTranslations('automation.teamsAdmin');
  const fieldError = useFieldError('automation');
  const rename = useStaffAction();
  const members = useStaffAction();
  const remove = useStaffAction();
  const nameForm = useForm<RenameTeamInput>({ resolver: zodResolver(renameTeamSchema), defaultValues: { teamId: team.id, name: team.name } });
  const memberForm = useForm<SetTeamMembersInput>({ resolver: zodResolver(setTeamMembersSchema), defaultValues: { teamId: team.id, staffIds: team.memberIds } });
  const nameError = fieldError(errorAt(nameForm.formState.errors, 'name') ?? serverFieldError(rename.state, 'name'));
  const id = `team-${team.id}`;
  return (
    <tr className="border-b border-[var(--color-line)] align-top" data-testid="team-row" data-name={team.name}>
      <th scope="row" className="p-2 font-normal">
        <form id={`${id}-name`} noValidate onSubmit={nameForm.handleSubmit((data) => rename.run(() => renameTeamAction(data)))} className="flex flex-wrap items-start gap-2">
          <div>
            <input
              type="text"
              autoComplete="off"
              maxLength={80}
              aria-label={t('nameOf', { name: team.name })}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${id}-name-error` : undefined}
              className={`${input} w-48`}
              {...nameForm.register('name')}
            />
            {nameError && (
              <p id={`${id}-name-error`} className="text-sm text-[var(--color-danger)]">
                {nameError}
              </p>
            )}
          </div>
          <SubmitButton pending={rename.pending} className={secondaryButton} aria-label={t('renameFor', { name: team.name })}>
            {t('rename')}
          </SubmitButton>
        </form>
        <AdminFeedback state={rename.state} namespace="automation" />
      </th>
      <td className="p-2">
        <form id={`${id}-members`} noValidate onSubmit={memberForm.handleSubmit((data) => members.run(() => setTeamMembersAction(data)))}>
          <fieldset>
            <legend className="sr-only">{t('membersOf', { name: team.name })}</legend>
            <div className="flex flex-wrap gap-x-3">
              {people.map((p) => (
                <label key={p.id} className="flex min-h-11 items-center gap-1">
                  <input type="checkbox" value={p.id} {...memberForm.register('staffIds')} /> {p.name}
                </label>
              ))}
            </div>
          </fieldset>
          <SubmitButton pending={members.pending} className={secondaryButton} aria-label={t('saveMembersFor', { name: team.name })}>
            {t('saveMembers')}
          </SubmitButton>
        </form>
        <AdminFeedback state={members.state} namespace="automation" />
      </td>
      <td className="p-2">
        <ConfirmButton
          label={t('delete')}
          accessibleLabel={t('deleteFor', { name: team.name })}
          title={t('deleteFor', { name: team.name })}
          intro={t('deleteConfirm', { name: team.name })}
          disabled={remove.pending}
          onConfirm={() => remove.run(() => deleteTeamAction({ teamId: team.id }))}
        />
        <AdminFeedback state={remove.state} namespace="automation" />
      </td>
    </tr>
  );
}

/** Settings → Staff: teams (issue #17) — create, rename, members, delete. */
export function TeamsSection({ teams, people }: { teams: TeamRow[]; people: Person[] }) {
  const t = useTranslations('automation.teamsAdmin');
  const fieldError = useFieldError('automation');
  const create = useStaffAction();
  const form = useForm<CreateTeamInput>({ resolver: zodResolver(createTeamSchema), defaultValues: { name: '' } });
  const nameError = fieldError(errorAt(form.formState.errors, 'name') ?? serverFieldError(create.state, 'name'));
  const submit = form.handleSubmit((data) => create.run(() => createTeamAction(data), (result) => result.ok && form.reset({ name: '' })));
  return (
    <section aria-labelledby="teams-heading" className="space-y-2">
      <h2 id="teams-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <p>{t('intro')}</p>
      {teams.length === 0 ? (
        <p className="text-[var(--color-muted)]">{t('empty')}</p>
      ) : (
        <DataTable caption={t('caption')} columns={[t('name'), t('members'), t('actions')]}>
          {teams.map((team) => (
            <TeamForms key={team.id} team={team} people={people} />
          ))}
        </DataTable>
      )}
      <form noValidate onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label={t('create')}>
        <div className="flex flex-col">
          <label htmlFor="new-team-name" className="font-medium">
            {t('newName')}
          </label>
          <input
            id="new-team-name"
            type="text"
            autoComplete="off"
            maxLength={80}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'new-team-name-error' : undefined}
            className={`${input} w-64`}
            {...form.register('name')}
          />
          {nameError && (
            <p id="new-team-name-error" className="text-sm text-[var(--color-danger)]">
              {nameError}
            </p>
          )}
        </div>
        <SubmitButton pending={create.pending}>{t('create')}</SubmitButton>
      </form>
      <AdminFeedback state={create.state} namespace="automation" />
    </section>
  );
}
