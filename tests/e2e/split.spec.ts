// The release module is split (`cargo xtask release`): the edit page downloads its
// own code and nothing else; the users page, the sign-in form, the conflict panel and the
// review's list come as parts of their own, fetched the first time they are shown; the
// save and the refresh after a hidden tab the first time they are needed (the save at the
// first change); the keeping of drafts as the form shows, and the token's refresh three
// seconds after the first page. A part that cannot be downloaded says so, and the next attempt
// fetches it afresh.
import type { Page, Route } from '@playwright/test';
import { test, expect, ADMIN } from './fixtures';
import { EditPage } from './edit-page';

/** The wasm files the page fetches from now on, by name without the content hash. */
function wasmSeen(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const m = /\/([A-Za-z_\d-]+?)-[0-9a-f]{8,16}(_bg)?\.wasm$/.exec(new URL(r.url()).pathname);
    if (m) seen.push(m[1] + (m[2] ?? ''));
  });
  return seen;
}

/** Refuses the first `times` fetches of the files matching `glob`, as a dropped connection
 *  would; the count so far. */
async function refuseFirst(page: Page, glob: string, times: number): Promise<() => number> {
  let refused = 0;
  await page.route(glob, async (route) => {
    if (refused < times) {
      refused += 1;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  return () => refused;
}

/** What `wasmSeen` saw, but the chunks of code the parts share (in name order: parts
 *  fetched at once may arrive in any order). */
const partsOf = (seen: string[]) => seen.filter((name) => !name.startsWith('chunk_')).sort();

/** What the edit page fetches when it opens: its own module, and as the form shows, the
 *  code that reads the names of related records, the section at its foot (deactivate or
 *  delete), the keeping of drafts and, three seconds on, the token's refresh. */
const EDIT_PAGE = ['split_names', 'split_offboard', 'split_refresh', 'split_restore', 'user-admin_bg'];

const usersLink = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });

test('with a stored session the edit page loads its own module, then the names\' lookups and its foot, and no other part', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const seen = wasmSeen(page);
  await page.reload();
  await edit.waitForForm();
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');
  await expect(edit.list('Businesses').getByRole('button', { name: 'Remove Archway Labs Copenhagen' })).toBeVisible();
  // (The refresh's part comes three seconds after the page.)
  await expect.poll(() => partsOf(seen), { timeout: 10_000 }).toEqual(EDIT_PAGE);
  await page.waitForTimeout(300);
  expect(partsOf(seen)).toEqual(EDIT_PAGE);

  // Going to the users page fetches its part (and any code it shares with another part).
  await usersLink(page).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('rowheader').first()).toBeVisible();
  expect(seen).toContain('split_users');
  expect(seen).not.toContain('split_sign_in');
  expect(seen.filter((name) => name === 'user-admin_bg')).toHaveLength(1);
});

test('a part that cannot be downloaded says so, and "Try again" fetches it', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const refused = await refuseFirst(page, '**/split_users-*.wasm', 1);
  await usersLink(page).click();
  const problem = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
  await expect(problem).toHaveText(/This part of User Admin could not be downloaded\. Check the connection, then try again\./);
  // The frame is still there, still signed in.
  await expect(page.getByText(`Signed in as ${ADMIN.email}`)).toBeVisible();
  expect(refused()).toBe(1);

  await problem.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('rowheader').first()).toBeVisible();
  await expect(problem).toHaveCount(0);
});

test('a session that ends where the sign-in form was never shown fetches it then, with focus on the password', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const seen = wasmSeen(page);
  await page.reload();
  await edit.waitForForm();
  await expect.poll(() => partsOf(seen), { timeout: 10_000 }).toEqual(EDIT_PAGE);
  await edit.field('Full name').fill('Ada A. Administrator');

  await request.post('/__dev/revoke-refresh');
  await edit.save();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Password', { exact: true })).toBeFocused();
  expect(seen).toContain('split_sign_in');
  await expect(dialog.getByLabel('Email address')).toHaveValue(ADMIN.email);

  await dialog.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await edit.expectSaved();
  await expect(edit.field('Full name')).toHaveValue('Ada A. Administrator');
});

test('the save comes as a part with the first change, and a save whose part cannot be downloaded keeps the changes', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const seen = wasmSeen(page);
  // The first two fetches of the save's part fail: the one the change starts, and the
  // one Save starts.
  const refused = await refuseFirst(page, '**/split_save-*.wasm', 2);
  await page.reload();
  await edit.waitForForm();
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  expect(seen).not.toContain('split_save');

  await edit.field('Full name').fill('Ada Parted');
  await expect.poll(refused).toBe(1);
  await edit.save();
  await expect(edit.saveProblem('could not be downloaded')).toHaveText(
    'This part of User Admin could not be downloaded. Check the connection, then try again. Your changes are still here.',
  );
  await expect(edit.field('Full name')).toHaveValue('Ada Parted');

  await edit.save();
  await edit.expectSaved();
  await expect(edit.saveProblem('could not be downloaded')).toHaveCount(0);
  expect(refused()).toBe(2);
});

test('A kept draft whose offer cannot be downloaded says so in the offer, and offers it again on "Try again"', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Kept');
  await refuseFirst(page, '**/split_restore-*.wasm', 1);
  page.on('dialog', (d) => void d.accept());
  await page.reload();
  await edit.waitForForm();
  const offer = page.getByRole('region', { name: 'Unsaved changes from before' });
  await expect(offer.getByRole('alert')).toContainText('This part of User Admin could not be downloaded. Check the connection, then try again.');
  await expect(offer.getByRole('button', { name: 'Restore them' })).toHaveCount(0);
  await expect(edit.field('Full name')).toHaveValue('Ada Administrator');

  await offer.getByRole('button', { name: 'Try again' }).click();
  await offer.getByRole('button', { name: 'Restore them' }).click();
  await expect(offer).toHaveCount(0);
  await expect(edit.field('Full name')).toHaveValue('Ada Kept');
});

/** A deploy of another release while the page is open, its grace period over: the parts
 *  of the open page's release matching `glob` are gone (404). The function undoes it
 *  (the next load is this release again). */
async function deployAnother(page: Page, glob: string): Promise<() => Promise<void>> {
  const gone = (route: Route) => route.fulfill({ status: 404, body: 'Not found' });
  await page.route(glob, gone);
  return () => page.unroute(glob, gone);
}

const NEW_VERSION = 'A new version of User Admin is available. Reload to go on — your changes are kept.';

test('after a deploy, a save whose part is gone says a new version is out; Reload brings the edits back and they save', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await page.reload();
  await edit.waitForForm();
  const undeploy = await deployAnother(page, '**/split_save-*.wasm');
  // No "leave this page?": the edits are kept in the tab.
  const asked: string[] = [];
  page.on('dialog', (d) => { asked.push(d.type()); void d.accept(); });

  await edit.field('Full name').fill('Ada After Deploy');
  await edit.save();
  const problem = edit.saveProblem(NEW_VERSION);
  await expect(problem).toBeVisible();
  await expect(edit.saveProblem(/Check the connection/)).toHaveCount(0);
  await expect(edit.field('Full name')).toHaveValue('Ada After Deploy');

  await undeploy();
  await problem.getByRole('button', { name: 'Reload' }).click();
  await edit.waitForForm();
  expect(asked).toEqual([]);
  const offer = page.getByRole('region', { name: 'Unsaved changes from before' });
  await offer.getByRole('button', { name: 'Restore them' }).click();
  await expect(edit.field('Full name')).toHaveValue('Ada After Deploy');
  await edit.save();
  await edit.expectSaved();
});

test('after a deploy, a re-sign-in whose form is gone says a new version is out; reloaded, signed in, the edit saves', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await page.reload();
  await edit.waitForForm();
  await edit.field('Full name').fill('Ada Signed Again');
  const undeploy = await deployAnother(page, '**/split_sign_in-*.wasm');
  page.on('dialog', (d) => void d.accept());
  expect((await request.post('/__dev/revoke-refresh')).ok()).toBeTruthy();
  await edit.save();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog.getByRole('alert')).toContainText(NEW_VERSION);

  await undeploy();
  await dialog.getByRole('button', { name: 'Reload' }).click();
  await expect(signInPage.email()).toBeVisible();
  await signInPage.signIn(ADMIN);
  await edit.waitForForm();
  await page.getByRole('region', { name: 'Unsaved changes from before' }).getByRole('button', { name: 'Restore them' }).click();
  await expect(edit.field('Full name')).toHaveValue('Ada Signed Again');
  await edit.save();
  await edit.expectSaved();
});
