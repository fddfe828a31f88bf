import { eq } from 'drizzle-orm';
import { automationRules, cases, orders, teams } from '../../db/schema';
import { createCase, createStaff } from '../../test/staff-factories';
import { uniqueId } from '../../test/factories';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { loginAs } from './login';
import { newPerson, ownAdmin } from './settings-helpers';

test.describe('[AUTOMATION] rules for admins', () => {
  test.setTimeout(120_000);

  test('an admin gives an agent Swedish and a capacity, creates a language rule in the UI, and a Swedish customer question lands with that agent', async ({ page, browser, db, makeOrder, expectNoAxeViolations }) => {
    const admin = await ownAdmin(db);
    const agent = await createStaff(db, { name: `Anna ${uniqueId()}` });
    // Scoped to its own market (Åland), so the rule never touches another spec's cases.
    const ruleName = `Swedish to Swedish speakers ${uniqueId()}`;
    try {
      await loginAs(page, admin);

      // Settings → Staff: Anna speaks Swedish and takes at most 2 open cases.
      await page.goto('/staff/settings/staff');
      const row = page.getByTestId('routing-row').filter({ hasText: agent.name });
      await row.getByRole('checkbox', { name: 'Svenska' }).check();
      await row.getByRole('spinbutton', { name: msg('en', 'automation.routing.capacityOf').replace('{name}', agent.name) }).fill('2');
      await row.getByRole('button', { name: msg('en', 'automation.routing.saveFor').replace('{name}', agent.name) }).click();
      await expect(row.getByRole('status').filter({ hasText: msg('en', 'automation.done.routing') })).toBeVisible();

      // Settings → Automation: a bad rule is refused with localized messages, then the real one is created.
      await page.goto('/staff/settings/automation');
      await expect(page.getByRole('heading', { level: 1, name: msg('en', 'automation.title') })).toBeVisible();
      await page.getByRole('button', { name: msg('en', 'automation.create') }).click();
      await expect(page.getByText(msg('en', 'automation.errors.nameRequired'))).toBeVisible();
      await expect(page.getByText(msg('en', 'automation.errors.noAction'))).toBeVisible();

      await page.getByLabel(msg('en', 'automation.name'), { exact: true }).fill(ruleName);
      await page.getByRole('group', { name: msg('en', 'automation.languages') }).getByRole('checkbox', { name: 'Svenska' }).check();
      await page.getByLabel(msg('en', 'automation.markets'), { exact: true }).fill('ax');
      await page.getByLabel(msg('en', 'automation.assign'), { exact: true }).selectOption('language');
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: msg('en', 'automation.create') }).click();
      const listed = page.getByTestId('automation-rule').filter({ hasText: ruleName });
      await expect(listed).toBeVisible({ timeout: 15_000 });
      await expect(listed).toContainText(msg('en', 'automation.assignModes.language'));
      await expect(listed.getByTestId('rule-state')).toHaveText(msg('en', 'automation.on'));

      // The customer (their own browser) asks about a Swedish order sold on the Åland market.
      const order = await makeOrder('sv');
      await db.update(orders).set({ market: 'AX' }).where(eq(orders.id, order.id));
      const customer = await newPerson(browser);
      const lookup = new LookupPage(customer, 'sv');
      await lookup.goto();
      await lookup.lookUp(order.orderNumber, order.email);
      await expect(customer).toHaveURL(new RegExp(`/sv/orders/${order.orderNumber}$`), { timeout: 20_000 });
      await customer.getByRole('link', { name: msg('sv', 'firstScreen.ask.entryLink') }).click();
      await customer.getByLabel(msg('sv', 'firstScreen.ask.messageLabel')).fill('Kan jag byta storlek på tröjan innan den skickas?');
      await customer.getByRole('button', { name: msg('sv', 'firstScreen.ask.send') }).click();
      await expect(customer.getByTestId('ask-sent')).toBeVisible({ timeout: 15_000 });
      await customer.context().close();

      // The worker runs the rule from the event log: the case is Anna's.
      await expect.poll(async () => (await db.select({ assigneeId: cases.assigneeId }).from(cases).where(eq(cases.orderId, order.id)))[0]?.assigneeId ?? null, { timeout: 30_000 }).toBe(agent.id);
      const [opened] = await db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.orderId, order.id));

      // Visible in the queue with Anna as the assignee, and the timeline names the rule.
      await page.goto(`/staff?q=${opened!.number}`);
      const queueRow = page.getByTestId('queue-table').getByRole('row').filter({ hasText: String(opened!.number) });
      await expect(queueRow.getByTestId('assignee')).toHaveText(agent.name);
      await page.goto(`/staff/cases/${opened!.id}`);
      await expect(page.getByText(msg('en', 'automation.timeline.assign').replace('{rule}', ruleName).replace('{agent}', agent.name))).toBeVisible();
    } finally {
      await db.delete(automationRules).where(eq(automationRules.name, ruleName));
    }
  });

  test('an admin creates a team and adds a member, moves a case into it from the case header by keyboard, the queue filters by it, and a rule routing to it keeps it from deletion', async ({ page, db, expectNoAxeViolations }) => {
    const admin = await ownAdmin(db);
    const agent = await createStaff(db, { name: `Britt ${uniqueId()}` });
    const teamName = `Svenska ${uniqueId()}`;
    const ruleName = `To team Svenska ${uniqueId()}`;
    const inTeam = await createCase(db, { locale: 'sv', subject: `Byte ${uniqueId()}` });
    const outside = await createCase(db, { locale: 'sv', subject: `Annat ${uniqueId()}` });
    try {
      await loginAs(page, admin);

      // Settings → Staff: an empty name is refused with its message; then the team is created and Britt joins it.
      await page.goto('/staff/settings/staff');
      const create = page.getByRole('button', { name: msg('en', 'automation.teamsAdmin.create') });
      await create.click();
      await expect(page.getByText(msg('en', 'automation.errors.teamNameRequired'))).toBeVisible();
      await page.getByLabel(msg('en', 'automation.teamsAdmin.newName')).fill(teamName);
      await create.click();
      const row = page.getByTestId('team-row').filter({ has: page.getByRole('textbox', { name: msg('en', 'automation.teamsAdmin.nameOf').replace('{name}', teamName) }) });
      await expect(row).toBeVisible({ timeout: 15_000 });
      await row.getByRole('group', { name: msg('en', 'automation.teamsAdmin.membersOf').replace('{name}', teamName) }).getByRole('checkbox', { name: agent.name }).check();
      await row.getByRole('button', { name: msg('en', 'automation.teamsAdmin.saveMembersFor').replace('{name}', teamName) }).click();
      await expect(row.getByRole('status').filter({ hasText: msg('en', 'automation.done.teamMembers') })).toBeVisible();
      await expectNoAxeViolations(page);
      const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, teamName));

      // The case header: the team picker works from the keyboard.
      await page.goto(`/staff/cases/${inTeam.id}`);
      await expect(page.getByTestId('case-team')).toHaveText(msg('en', 'staff.case.noTeam'));
      const picker = page.getByLabel(msg('en', 'staff.case.teamOf'));
      await picker.focus();
      await picker.selectOption({ label: teamName });
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: msg('en', 'staff.case.moveTeam') })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('case-team')).toHaveText(teamName, { timeout: 15_000 });

      // The queue: the Team filter (in the URL) shows the team's case and not the other one.
      await page.goto('/staff?view=open');
      await page.getByRole('combobox', { name: msg('en', 'staff.queue.filter.team'), exact: true }).selectOption({ label: teamName });
      await expect(page).toHaveURL(new RegExp(`[?&]team=${team!.id}`));
      const table = page.getByTestId('queue-table');
      await expect(table.getByRole('row').filter({ hasText: String(inTeam.number) })).toBeVisible();
      await expect(table.getByRole('row').filter({ hasText: String(outside.number) })).toHaveCount(0);
      await expectNoAxeViolations(page);

      // A rule routing to the team (saved turned off: it must not route other specs' cases) keeps the team from deletion.
      await page.goto('/staff/settings/automation');
      await page.getByLabel(msg('en', 'automation.name'), { exact: true }).fill(ruleName);
      await page.getByLabel(msg('en', 'automation.enabled')).uncheck();
      await page.getByLabel(msg('en', 'automation.assign'), { exact: true }).selectOption('team');
      await page.getByLabel(msg('en', 'automation.team'), { exact: true }).selectOption({ label: teamName });
      await page.getByRole('button', { name: msg('en', 'automation.create') }).click();
      await expect(page.getByTestId('automation-rule').filter({ hasText: ruleName })).toContainText(`${msg('en', 'automation.team')}: ${teamName}`, { timeout: 15_000 });
      await page.goto('/staff/settings/staff');
      const teamRow = page.getByTestId('team-row').filter({ has: page.getByRole('textbox', { name: msg('en', 'automation.teamsAdmin.nameOf').replace('{name}', teamName) }) });
      await teamRow.getByRole('button', { name: msg('en', 'automation.teamsAdmin.deleteFor').replace('{name}', teamName) }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: msg('en', 'staffAdmin.confirm') }).click();
      await expect(teamRow.getByRole('alert')).toHaveText(msg('en', 'automation.reasons.teamInUse'));
      expect(await db.select({ id: teams.id }).from(teams).where(eq(teams.name, teamName))).toHaveLength(1);
    } finally {
      await db.delete(automationRules).where(eq(automationRules.name, ruleName));
      await db.delete(teams).where(eq(teams.name, teamName));
    }
  });
});
