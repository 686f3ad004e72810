// Every read of the record is the server's word, now, about that record (issue 26): never
// a copy from the HTTP cache, never an answer about another record, never an answer that
// arrives after a save it would undo; and a string the server sends with an unpaired
// surrogate does not make the record unreadable.
import { test, expect } from './fixtures';
import { EditPage, addFault, awayFor, changeBehind, controlVisibilityAndClock, putsSeen, recordPuts, storedUser } from './edit-page';

const BEN = 'ben@example.com';

test('a server that lets the browser cache records: the check before the PUT is read afresh all the same', async ({ page, request, signInPage }) => {
  const r = await request.post('/__dev/config', { data: { cache_control: 'private, max-age=600' } });
  expect(r.ok(), await r.text()).toBeTruthy();
  const edit = new EditPage(page);
  await edit.open(signInPage);
  await edit.field('Full name').fill('Ada Lovelace');
  await changeBehind(request, { as: 'admin', by: BEN, set: { Devices: 'Pixel 9' } });
  await edit.save();
  await expect(edit.status(/^Saved/)).toBeVisible();
  const stored = await storedUser(request);
  expect([stored.FullName, stored.Devices]).toEqual(['Ada Lovelace', 'Pixel 9']);
  await expect(edit.status(`Saved. Updated meanwhile by ${BEN}: Devices — your changes were saved on top.`)).toBeVisible();

  // A reload reads the record afresh too, start-up read included.
  await changeBehind(request, { as: 'admin', by: BEN, set: { Devices: 'Pixel 10' } });
  await page.reload();
  await edit.waitForForm('Ada Lovelace');
  await expect(edit.field('Devices (optional)')).toHaveValue('Pixel 10');
});

test('a read started when the tab came back and answered after a save does not put the old values back', async ({ page, request, signInPage }) => {
  await controlVisibilityAndClock(page);
  const edit = new EditPage(page);
  await edit.open(signInPage);
  // The next read of the record is answered as the server had it then, but only once
  // released.
  let release = () => {};
  const held = new Promise<void>((done) => { release = done; });
  let holding = true;
  await page.route('**/api/sys/users/1001', async (route) => {
    if (!holding || route.request().method() !== 'GET') return route.continue();
    holding = false;
    const answer = await route.fetch();
    await held;
    await route.fulfill({ response: answer });
  });
  await awayFor(page, 61_000);
  await expect.poll(() => holding).toBe(false);

  await edit.field('Full name').fill('Ada Lovelace');
  await edit.save();
  await edit.expectSaved();
  release();
  await page.waitForTimeout(1_000);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.heading()).toHaveText('Edit Ada Lovelace');
  await expect(edit.unsavedNote()).toHaveCount(0);
  await expect(page.getByText('While this page was in the background')).toHaveCount(0);
});

test('an answer about another user is never shown, and never saved back', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const other = JSON.stringify(await storedUser(request, 1002));
  const wrong = { method: 'GET', path: '/api/sys/users/1001', status: 200, body: other };

  // The save's check read.
  const puts = recordPuts(page);
  await edit.field('Full name').fill('Ada Lovelace');
  await addFault(request, wrong);
  await edit.save();
  await expect(edit.saveProblem('The server answered with another record than the one asked for, so nothing from it was used. Try again in a moment. Your changes are still here.')).toBeVisible();
  expect(puts).toHaveLength(0);
  expect(await putsSeen(request)).toEqual([]);
  await expect(edit.field('Full name')).toHaveValue('Ada Lovelace');
  await expect(edit.field('Email address')).toHaveValue('admin@example.com');

  // The page's own load (the start-up read and the app's).
  page.on('dialog', (d) => void d.accept());
  await addFault(request, wrong);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'The user could not be loaded. The server answered with another record' })).toBeVisible();
  await expect(edit.form()).toHaveCount(0);
  await page.getByRole('button', { name: 'Try again' }).click();
  await edit.waitForForm();
  await expect(edit.field('Email address')).toHaveValue('admin@example.com');
});

test('a related record answered for another id does not lend that id its name', async ({ page, request, signInPage }) => {
  // One read per id, and the one for business 3 answers with business 4.
  expect((await request.post('/__dev/config', { data: { id_filter: 'refuse' } })).ok()).toBeTruthy();
  await addFault(request, { method: 'GET', path: '/api/sys/businesses/3', status: 200, body: '{"Id":4,"Name":"Not business three"}', count: 5 });
  const edit = new EditPage(page);
  await edit.open(signInPage);
  const list = edit.list('Businesses');
  await expect(list.getByText('Some names could not be loaded.')).toBeVisible();
  await expect(list).not.toContainText('Not business three');
  await expect(list.getByRole('button', { name: 'Remove #3' })).toBeVisible();
});

test('a name with an unpaired surrogate shows U+FFFD, and goes back to the server exactly as it came', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await edit.open(signInPage);
  // JSON.stringify writes a lone surrogate as the escape .NET would: "Ada \ud83d".
  const record = { ...(await storedUser(request)), FullName: 'Ada \ud83d' };
  const body = JSON.stringify(record);
  expect(body).toContain('"FullName":"Ada \\ud83d"');
  await addFault(request, { method: 'GET', path: '/api/sys/users/1001', status: 200, body, count: 3 });
  await page.reload();
  await edit.waitForForm('Ada \ufffd');
  await expect(edit.field('Full name')).toHaveValue('Ada \ufffd');

  // The development API refuses such a body (serde), as a strict server might: the PUT
  // is answered here, and what matters is what was sent.
  const sent: string[] = [];
  await page.route('**/api/sys/users', async (route) => {
    if (route.request().method() !== 'PUT') return route.continue();
    sent.push(route.request().postData() ?? '');
    await route.fulfill({ json: { WasSuccessful: true, UpdatedOn: '2026-12-07T10:00:00Z', UpdatedBy: 'admin@example.com', Errors: null } });
  });
  await edit.field('Devices (optional)').fill('Pixel 9');
  await edit.save();
  await edit.expectSaved();
  expect(sent).toHaveLength(1);
  expect(sent[0]).toContain('"FullName":"Ada \\ud83d"');
  expect(sent[0]).toContain('"Devices":"Pixel 9"');
});
