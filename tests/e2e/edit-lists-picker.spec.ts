// Picking related records by name (issue 16): the held ones listed by name, a combobox
// (WAI-ARIA APG, listbox popup) that searches the list endpoint as the administrator
// types, keyboard first; nothing is sent until Save, and the PUT carries the whole list
// and its Added…/Removed… twins.
import { test, expect, expectNoAxeViolations } from './fixtures';
import { EditPage, changeBehind, recordPuts, storedUser } from './edit-page';

const HARBOUR = 'Harbour Works Lisbon';

test('keyboard only: a role added by typing part of its name, one removed by its name, saved', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  await edit.open(signInPage);
  // The held roles by name (with their location), sorted by name.
  await edit.expectShown('User roles', [`User-Edit — ${HARBOUR}`, `User-List — ${HARBOUR}`, `User-Read — ${HARBOUR}`]);

  const picker = edit.picker('User roles');
  await picker.focus();
  await page.keyboard.type('front d');
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  const listbox = page.getByRole('listbox', { name: 'User roles found' });
  const options = listbox.getByRole('option');
  await expect(options.first()).toHaveText(new RegExp(`^Front desk — ${HARBOUR}`));
  await expect(edit.list('User roles').getByRole('status')).toHaveText(/matches/);
  // Nothing chosen until the arrow keys move: then the input points at the option.
  await expect(picker).not.toHaveAttribute('aria-activedescendant', /.+/);
  await page.keyboard.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id')) ?? 'missing');
  await page.keyboard.press('Enter');

  // In the list at once, by name; the box is empty and closed; nothing sent yet.
  await expect(picker).toHaveValue('');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await edit.expectShown('User roles', [`Front desk — ${HARBOUR}`, `User-Edit — ${HARBOUR}`, `User-List — ${HARBOUR}`, `User-Read — ${HARBOUR}`]);
  expect(puts).toHaveLength(0);

  // Remove by its name, with the keyboard.
  await edit.list('User roles').getByRole('button', { name: `Remove User-Read — ${HARBOUR}` }).focus();
  await page.keyboard.press('Enter');
  await edit.expectShown('User roles', [`Front desk — ${HARBOUR}`, `User-Edit — ${HARBOUR}`, `User-List — ${HARBOUR}`]);
  await expect(picker).toBeFocused();

  await page.keyboard.press('Control+s');
  await edit.expectSaved();
  expect(puts).toHaveLength(1);
  expect(puts[0].UserRoles).toEqual([1, 3, 4]);
  expect(puts[0].AddedUserRoles).toEqual([4]);
  expect(puts[0].RemovedUserRoles).toEqual([2]);
  expect((await storedUser(request)).UserRoles).toEqual([1, 3, 4]);
});

test('Up, Down and Escape move and close; a held record is marked and never added twice', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const picker = edit.picker('User roles');
  await picker.fill('user-');
  const options = page.getByRole('listbox', { name: 'User roles found' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  const count = await options.count();
  // Up from nothing is the last; Down from the last wraps to the first.
  await picker.press('ArrowUp');
  await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await picker.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'false');
  // Escape closes, and leaves the text; Escape again clears it.
  await picker.press('Escape');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await expect(picker).toHaveValue('user-');
  await picker.press('ArrowDown');
  await expect(picker).toHaveAttribute('aria-expanded', 'true');

  // User-Edit at Harbour Works Lisbon is held already.
  const held = options.filter({ hasText: `User-Edit — ${HARBOUR}` });
  await expect(held).toHaveAttribute('aria-disabled', 'true');
  await expect(held).toContainText('in the list already');
  while ((await held.getAttribute('aria-selected')) !== 'true') await picker.press('ArrowDown');
  await picker.press('Enter');
  await expect(edit.list('User roles').getByRole('status')).toHaveText(`User-Edit — ${HARBOUR} is in the list already.`);
  await edit.expectIds('User roles', ['1', '2', '3']);
  await expect(edit.list('User roles').getByRole('button', { name: `Remove User-Edit — ${HARBOUR}` })).toHaveCount(1);

  await picker.press('Escape');
  await picker.press('Escape');
  await expect(picker).toHaveValue('');
});

test('a number or #number finds that id', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const picker = edit.picker('Businesses');
  await picker.fill('#8');
  const options = page.getByRole('listbox', { name: 'Businesses found' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options).toContainText('#8');
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await edit.expectIds('Businesses', ['3', '19', '8']);
});

test('1,500 businesses: one debounced search a pause, a bounded page, and the rest counted', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const searches: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/sys/businesses') searches.push(url.searchParams.get('Business_Name') ?? '');
  });
  const picker = edit.picker('Businesses');
  await picker.focus();
  const started = Date.now();
  await page.keyboard.type('o', { delay: 30 });
  const options = page.getByRole('listbox', { name: 'Businesses found' }).getByRole('option');
  await expect(options).toHaveCount(10);
  await expect(edit.list('Businesses').getByRole('status')).toHaveText(/^10 matches shown, \d+ more — keep typing\.$/);
  expect(Date.now() - started).toBeLessThan(3000);
  // Typing on narrows: one request for the pause, not one a keystroke.
  await page.keyboard.type('rto', { delay: 30 });
  await expect(options.first()).toContainText(/orto/i);
  expect(searches).toEqual(['o', 'orto']);
});

test('a slow answer to older text never replaces the options of newer text', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  let lateAnswered = false;
  await page.route('**/api/sys/businesses?*', async (route) => {
    if (new URL(route.request().url()).searchParams.get('Business_Name') === 'a') {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
      lateAnswered = true;
      return;
    }
    await route.continue();
  });
  const picker = edit.picker('Businesses');
  await picker.fill('a');
  await page.waitForRequest((r) => r.url().includes('Business_Name=a&'));
  await picker.fill('harbour');
  const options = page.getByRole('listbox', { name: 'Businesses found' }).getByRole('option');
  await expect(options.first()).toContainText(/harbour/i);
  await expect.poll(() => lateAnswered, { timeout: 5000 }).toBe(true);
  await page.waitForTimeout(300);
  for (const text of await options.allInnerTexts()) expect(text).toMatch(/harbour/i);
});

test('axe: no violations with the popup open', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const picker = edit.picker('User roles');
  await picker.fill('front');
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await picker.press('ArrowDown');
  await expectNoAxeViolations(page);
});

test('40 held businesses read one by one: a few at a time, each once a session, the form usable meanwhile', async ({ page, request, signInPage }) => {
  // A list that reads no several ids at once (edit-lists-names.spec.ts: one that does).
  expect((await request.post('/__dev/config', { data: { id_filter: 'refuse' } })).ok()).toBeTruthy();
  const held = Array.from({ length: 40 }, (_, i) => i + 1);
  await changeBehind(request, { set: { Businesses: held }, as: 'platform' });
  let inFlight = 0;
  let most = 0;
  const asked: string[] = [];
  await page.route(/\/api\/sys\/businesses\/\d+$/, async (route) => {
    asked.push(new URL(route.request().url()).pathname);
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 150));
    await route.continue();
    inFlight -= 1;
  });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  // Usable before the names arrive: an edit while lookups are still on their way.
  await edit.fillAndLeave('Devices (optional)', 'Pixel 8');
  expect(asked.length).toBeLessThan(40);
  await edit.fillAndLeave('Devices (optional)', 'iPhone 15 (iOS 17.4)');
  await expect(edit.unsavedNote()).toHaveCount(0);
  await expect(edit.list('Businesses').getByRole('button', { name: /^Remove #\d+$/ })).toHaveCount(0, { timeout: 15_000 });
  expect(asked).toHaveLength(40);
  expect(new Set(asked).size).toBe(40);
  // Bounded, and not one after another.
  expect(most).toBeLessThanOrEqual(2);
  expect(most).toBeGreaterThan(1);

  // Away and back within the session: no lookup again.
  await page.getByRole('link', { name: 'Users', exact: true }).first().click();
  await expect(page).toHaveURL(/\/users(\?|$)/);
  await page.goBack();
  await edit.waitForForm();
  await expect(edit.list('Businesses').getByRole('button', { name: /^Remove #\d+$/ })).toHaveCount(0);
  expect(asked).toHaveLength(40);
});

test('names arriving while a Remove button has the focus leave it there, on the same record', async ({ page, signInPage }) => {
  let release = () => {};
  const held = new Promise<void>((r) => { release = r; });
  // Every read of user roles, by ids or one by one.
  await page.route(/\/api\/security\/userroles\/(\d+$|\?)/, async (route) => {
    await held;
    await route.continue();
  });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  // Ids until the names come, by number; role 3 (User-Edit) then sorts first.
  await edit.expectShown('User roles', ['#1', '#2', '#3']);
  const roles = edit.list('User roles');
  await roles.getByRole('button', { name: 'Remove #1' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(roles.getByRole('button', { name: 'Remove #3' })).toBeFocused();

  release();
  await edit.expectShown('User roles', [`User-Edit — ${HARBOUR}`, `User-List — ${HARBOUR}`, `User-Read — ${HARBOUR}`]);
  await expect(roles.getByRole('button', { name: `Remove User-Edit — ${HARBOUR}` })).toBeFocused();
  // Still the keyboard's: Enter removes that record.
  await page.keyboard.press('Enter');
  await edit.expectShown('User roles', [`User-List — ${HARBOUR}`, `User-Read — ${HARBOUR}`]);
});
