// The avatar: a new one by https URL only (previewed without a referrer), or the current
// one removed — never both at once.
import { test, expect } from './fixtures';
import { EditPage, avatarPreview, changeBehind, putsSeen, recordPuts, storedUser } from './edit-page';

// A 1×1 transparent PNG, served for the preview so nothing leaves the machine.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

test('an https address is previewed without a referrer and saved as the new avatar', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const puts = recordPuts(page);
  // (Chromium's interception never shows a Referer header, so the policy is checked on
  // the element; the route proves the image is really requested and shown.)
  const fetched: string[] = [];
  await page.route('https://images.example/**', (route) => {
    fetched.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
  });
  await edit.open(signInPage);
  await expect(avatarPreview(page)).toHaveCount(0);

  const url = 'https://images.example/pics/new-face.png';
  await edit.fillAndLeave('New avatar URL (optional)', url);
  await edit.expectNoFieldError('New avatar URL (optional)');
  const preview = avatarPreview(page);
  await expect(preview).toHaveAttribute('src', url);
  await expect(preview).toHaveAttribute('referrerpolicy', 'no-referrer');
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  expect(fetched).toEqual([url]);

  await edit.save();
  await edit.expectSaved();
  expect(puts[0].NewAvatarUrl).toBe(url);
  expect(puts[0].ClearAvatarFile).toBe(false);
  const after = await storedUser(request);
  expect(after.AvatarFileName).toBe('avatar-1001-new-face.png');
  expect(after.NewAvatarUrl).toBeNull();
  // Saved: the box is empty again and the current file is the new one.
  await expect(edit.field('New avatar URL (optional)')).toHaveValue('');
  await expect(edit.fact('Current avatar file')).toHaveText('avatar-1001-new-face.png');
});

test('http:, javascript:, data: and non-URLs are refused, never loaded, never sent', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  const loaded: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1')) loaded.push(r.url()); });
  await edit.open(signInPage);
  const cases: [string, string][] = [
    ['http://images.example/face.png', 'must be an https:// address'],
    ['javascript:alert(document.domain)', 'must be an https:// address'],
    ['data:image/png;base64,iVBORw0KGgo=', 'must be an https:// address'],
    ['images.example/face.png', 'is not a valid URL'],
  ];
  for (const [value, message] of cases) {
    await edit.fillAndLeave('New avatar URL (optional)', value);
    await edit.expectFieldError('New avatar URL (optional)',
      `An https address of an image to upload as the avatar. Error: New avatar URL ${message}`);
    await expect(avatarPreview(page)).toHaveCount(0);
  }
  await edit.save();
  await expect(edit.summaryLinks()).toHaveText(['New avatar URL is not a valid URL']);
  expect(loaded).toEqual([]);
  expect(await putsSeen(request)).toHaveLength(0);
});

test('removing the current avatar and giving a new URL together is refused on both fields', async ({ page, request, signInPage }) => {
  const edit = new EditPage(page);
  await page.route('https://images.example/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  await edit.open(signInPage);
  await edit.field('Remove the current avatar').check();
  await edit.fillAndLeave('New avatar URL (optional)', 'https://images.example/face.png');
  await edit.save();

  await expect(edit.errorSummary()).toBeFocused();
  await expect(edit.summaryLinks()).toHaveText([
    'New avatar URL cannot be set while the current avatar is being removed',
    'Remove the current avatar cannot be set together with a new avatar URL',
  ]);
  await edit.expectFieldError('New avatar URL (optional)',
    'An https address of an image to upload as the avatar. Error: New avatar URL cannot be set while the current avatar is being removed');
  await edit.expectFieldError('Remove the current avatar', 'Error: Remove the current avatar cannot be set together with a new avatar URL');
  expect(await putsSeen(request)).toHaveLength(0);

  // Choosing one of the two clears both messages; removing alone is saved.
  await edit.field('New avatar URL (optional)').fill('');
  await edit.expectNoFieldError('Remove the current avatar');
  await edit.expectNoFieldError('New avatar URL (optional)');
  await edit.save();
  await edit.expectSaved();
  const after = await storedUser(request);
  expect(after.AvatarFileName).toBeNull();
  expect(after.ClearAvatarFile).toBe(false);
  await expect(edit.fact('Current avatar file')).toHaveText('—');
});

test('the preview waits for the whole address: nothing fetched while typing, one request after a pause, none for a host that does not parse', async ({ page, signInPage }) => {
  const edit = new EditPage(page);
  // Every https request the page makes, whatever the host (the unrouted ones fail offline).
  const fetched: string[] = [];
  page.on('request', (r) => { if (r.url().startsWith('https:')) fetched.push(r.url()); });
  await page.route('https://img.example/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  await edit.open(signInPage);
  const box = edit.field('New avatar URL (optional)');

  // Typed a key at a time: every prefix from "https://i" on is an address of some host.
  const url = 'https://img.example/a/b.png';
  await box.pressSequentially(url, { delay: 120 });
  expect(fetched).toEqual([]);
  await expect(avatarPreview(page)).toHaveCount(0);
  // A pause: the whole address, once.
  await expect(avatarPreview(page)).toHaveAttribute('src', url);
  await expect.poll(() => fetched).toEqual([url]);
  // Leaving the field asks for nothing more.
  await box.blur();
  await page.waitForTimeout(1_000);
  expect(fetched).toEqual([url]);

  // Addresses whose host does not parse are never asked for, after a pause or on blur.
  // (Pasted whole: typed, the url box would drop the space at the end of "https://img ".)
  for (const bad of ['https://img example/a.png', 'https://img.example:99999/a.png', 'https://[img.example]/a.png']) {
    await box.fill(bad);
    await page.waitForTimeout(1_000);
    await box.blur();
    await expect(avatarPreview(page), bad).toHaveCount(0);
  }
  await page.waitForTimeout(500);
  expect(fetched).toEqual([url]);
});

for (const [what, act] of [
  ['a new avatar', (edit: EditPage) => edit.field('New avatar URL (optional)').fill('https://images.example/pics/mine.png')],
  ['removing the avatar', (edit: EditPage) => edit.field('Remove the current avatar').check()],
] as const) {
  test(`${what} over an avatar someone else changed since the page loaded is a conflict, not a silent overwrite`, async ({ page, request, signInPage }) => {
    await page.route('https://images.example/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
    const edit = new EditPage(page);
    await edit.open(signInPage);
    await act(edit);
    await changeBehind(request, { as: 'admin', by: 'ben@example.com', set: { AvatarFileName: 'avatar-1001-theirs.png' } });
    await edit.save();
    const panel = edit.conflictPanel();
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('Current avatar file: avatar-1001-theirs.png');
    expect(await putsSeen(request)).toEqual([]);

    // Theirs: the avatar they chose stays, and there is nothing left to save.
    await panel.getByRole('button', { name: /^Use theirs for / }).click();
    await edit.save();
    await expect(edit.status(/^There are no changes to save\./)).toBeVisible();
    expect(await putsSeen(request)).toEqual([]);
    expect((await storedUser(request)).AvatarFileName).toBe('avatar-1001-theirs.png');
  });
}
