// Screens and light (issue 29): the main flows — signing in, searching the users, editing
// and saving, a conflict, the server refusing a field — on a 360 px phone, on a touch
// tablet, and in dark mode (on a desktop and once more on the phone), each checked with
// axe. Where it applies, each also checks what the issue promised for that screen:
// - the page never scrolls sideways (the users table scrolls inside its own box on a
//   phone, its tick and name columns staying in view);
// - on a touch screen every control is at least 44 px high;
// - the edit form is one column on a phone, and its sticky save bar stays in view while a
//   field far down has the focus, also once the on-screen keyboard has taken its share of
//   the screen;
// - in dark mode the page, its text and the form's own controls are dark and light.
//
// Seed facts relied on (dev-api/src/seed.rs): 18 names contain "macleod", the first by name
// "Aaron MacLeod"; user 1001 is "Ada Administrator"; another admin's change behind the page
// is made as other.admin@example.com; TAKEN_EMAIL belongs to another user.
import type { Locator, Page } from '@playwright/test';
import { test, expect, ADMIN, expectNoAxeViolations } from './fixtures';
import { EditPage, TAKEN_EMAIL, changeBehind, storedUser } from './edit-page';

const OTHER_ADMIN = 'other.admin@example.com';
/** WCAG 2.5.5's target size, and what `@media (pointer: coarse)` promises (2.75rem). */
const TOUCH_MIN_PX = 44;

/** A configuration of screen, input and light the flows run in. */
type Screen = {
  title: string;
  use: {
    viewport: { width: number; height: number };
    isMobile?: boolean;
    hasTouch?: boolean;
    colorScheme?: 'light' | 'dark';
  };
  /** A touch screen: the 44 px rule applies. */
  touch: boolean;
  /** Phone-narrow: one-column form, the users table scrolls in its box. */
  phone: boolean;
  dark: boolean;
};

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const SCREENS: Screen[] = [
  { title: 'phone, 360×740 touch', use: PHONE, touch: true, phone: true, dark: false },
  { title: 'tablet, 768×1024 touch', use: { viewport: { width: 768, height: 1024 }, hasTouch: true }, touch: true, phone: false, dark: false },
  { title: 'desktop in dark mode, 1280×800', use: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, touch: false, phone: false, dark: true },
  // Once more on the phone: the narrow layout's sticky table cells paint a background of
  // their own, which must turn dark with the page.
  { title: 'phone in dark mode', use: { ...PHONE, colorScheme: 'dark' }, touch: true, phone: true, dark: true },
];

// ---------------------------------------------------------------------------------------
// Helpers

/** The users page's search, as users.spec.ts drives it. */
function usersPage(page: Page) {
  const table = page.getByRole('table', { name: 'Users' });
  return {
    searchBox: page.getByLabel('Search users'),
    table,
    summary: page.getByRole('status').filter({ hasText: /Showing|Loading users/ }),
    names: table.getByRole('rowheader'),
  };
}

// Most layout checks below are soft: one failing marks the test failed but lets the flow
// go on, so a run lists every layout defect at once, not just the first. Not the page
// scrolling sideways: a phone then zooms the page out, and all that follows (where the
// sticky bar is, what a tap hits) measures another page than the one meant.

/**
 * The page does not scroll sideways: its content is no wider than the viewport. On
 * failure, names the elements that stick out (outside any box that scrolls them), so the
 * rule to fix can be found.
 */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const width = page.viewportSize()!.width;
  const seen = await page.evaluate(() => {
    const root = document.documentElement;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== root && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && !clipped(el))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}` +
        ` "${(el.textContent ?? '').trim().slice(0, 40)}" right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, wide };
  });
  // Against the configured width too: a mobile browser widens innerWidth to show what
  // sticks out, which is the very failure looked for.
  expect(
    seen.scrollWidth <= Math.min(seen.innerWidth, width),
    `${where}: the page scrolls sideways (scrollWidth ${seen.scrollWidth} > innerWidth ${seen.innerWidth}, viewport ${width}); sticking out: ${seen.wide.join('; ')}`,
  ).toBe(true);
}

/** Every control a finger may aim at, as style/main.css sizes it under `(pointer: coarse)`:
 *  buttons, selects, text-like boxes (not ticks, radios or a file chooser), link-buttons,
 *  the header's links and whole tick rows. */
const TOUCH_TARGETS = [
  'button:not([disabled])',
  'select:not([disabled])',
  'input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file]):not([disabled])',
  'a.button',
  '.app-header a',
  '.field.checkbox',
].join(', ');

/** On a touch screen, every visible enabled control is at least 44 px high. */
async function expectTouchTargets(page: Page, where: string) {
  // The CSS keys the sizes on (pointer: coarse): if the emulated touch screen did not set
  // it, the sizes below would test nothing but the desktop layout.
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), '(pointer: coarse) matches on a touch screen').toBe(true);
  const targets = await page.locator(TOUCH_TARGETS).filter({ visible: true }).all();
  expect(targets.length, `${where}: some controls to measure`).toBeGreaterThan(3);
  const small: string[] = [];
  for (const target of targets) {
    const box = await target.boundingBox();
    // Visually hidden (1 px, clipped) controls are not aimed at by a finger.
    if (!box || box.width <= 1) continue;
    if (box.height < TOUCH_MIN_PX - 0.05) small.push(`${await describe(target)}: ${box.height.toFixed(1)} px high`);
  }
  expect.soft(small, `${where}: touch targets under ${TOUCH_MIN_PX} px`).toEqual([]);
}

/** A short, findable description of an element for a failure message. */
function describe(target: Locator): Promise<string> {
  return target.evaluate((el) => {
    const tag = el.tagName.toLowerCase();
    const type = el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : '';
    const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    return `${tag}${type}${cls} "${labelled.trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
  });
}

/** WCAG relative luminance of a computed `rgb()`/`rgba()` colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** In dark mode: a dark page (the root's background; the body has none of its own) with
 *  light text. */
async function expectDarkPage(page: Page, where: string) {
  const { background, text } = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const bodyBg = body.backgroundColor;
    const transparent = bodyBg === 'transparent' || /rgba\(.*,\s*0\)$/.test(bodyBg);
    return { background: transparent ? getComputedStyle(document.documentElement).backgroundColor : bodyBg, text: body.color };
  });
  expect.soft(luminance(background), `${where}: page background ${background} is dark`).toBeLessThan(0.2);
  expect.soft(luminance(text), `${where}: body text ${text} is light`).toBeGreaterThan(0.6);
}

/** In dark mode: a form control the browser draws (a text box, a select) is dark too,
 *  with light text — `color-scheme` reached it. */
async function expectDarkControl(control: Locator, what: string) {
  const style = await control.evaluate((el) => {
    const s = getComputedStyle(el);
    return { scheme: s.colorScheme, background: s.backgroundColor, text: s.color };
  });
  expect.soft(style.scheme, `${what}: color-scheme`).toContain('dark');
  expect.soft(luminance(style.background), `${what}: background ${style.background} is dark`).toBeLessThan(0.2);
  expect.soft(luminance(style.text), `${what}: text ${style.text} is light`).toBeGreaterThan(0.6);
}

/** The checks every page of every configuration gets; axe only where asked (it takes
 *  a second or two a page, and the run has sixteen flows). */
async function checkScreen(page: Page, screen: Screen, where: string, axe = true) {
  await expectNoSidewaysScroll(page, where);
  if (screen.touch) await expectTouchTargets(page, where);
  if (screen.dark) await expectDarkPage(page, where);
  if (axe) await expectNoAxeViolations(page);
}

/** The element's box lies wholly within the viewport (the on-screen part of the page);
 *  with `across`, only its left and right edges are judged (a table's columns). */
async function expectInViewport(page: Page, target: Locator, what: string, across = false) {
  const box = await target.boundingBox();
  // The configured viewport, not innerWidth (see expectNoSidewaysScroll).
  const { width, height } = page.viewportSize()!;
  expect(box, `${what} is laid out`).not.toBeNull();
  const { x, y, width: w, height: h } = box!;
  const inX = x >= -0.5 && x + w <= width + 0.5;
  const inY = y >= -0.5 && y + h <= height + 0.5;
  expect(
    inX && (across || inY),
    `${what} within the ${width}×${height} viewport (box ${x.toFixed(0)},${y.toFixed(0)} ${w.toFixed(0)}×${h.toFixed(0)})`,
  ).toBe(true);
}

/** The focused field is not hidden under the sticky save bar (WCAG 2.4.11): the bar's
 *  top is at or below the field's bottom. */
async function expectNotUnderBar(field: Locator, bar: Locator, what: string) {
  const f = (await field.boundingBox())!;
  const b = (await bar.boundingBox())!;
  expect.soft(
    f.y + f.height <= b.y + 0.5,
    `${what}: the field (y ${f.y.toFixed(0)}–${(f.y + f.height).toFixed(0)}) is under the save bar (y ${b.y.toFixed(0)}–${(b.y + b.height).toFixed(0)}, ${b.height.toFixed(0)} px high)`,
  ).toBe(true);
}

/** The sticky save bar: a layout box that nothing names, holding the Save button. */
function saveBar(page: Page, edit: EditPage) {
  return edit.form().locator('.save-bar').filter({ has: page.getByRole('button', { name: 'Save changes', exact: true }) });
}

// ---------------------------------------------------------------------------------------
// The flows, once per configuration

for (const screen of SCREENS) {
  test.describe(screen.title, () => {
    test.use(screen.use);

    test('signs in and searches the users', async ({ page, signInPage }) => {
      await page.goto('/users');
      await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers$/);
      await expect(signInPage.email()).toBeVisible();
      await checkScreen(page, screen, 'sign-in page');
      if (screen.dark) await expectDarkControl(signInPage.email(), 'the Email address box');

      await signInPage.signIn(ADMIN);
      await expect(page).toHaveURL(/\/users$/);
      const users = usersPage(page);
      await expect(users.summary).toHaveText('Showing 1–25 of 300 users');

      await users.searchBox.fill('macleod');
      await users.searchBox.press('Enter');
      await expect(users.summary).toHaveText('Showing 1–18 of 18 users');
      await expect(users.names.first()).toHaveText('Aaron MacLeod');
      await expect(users.table).not.toHaveAttribute('aria-busy', 'true');
      await checkScreen(page, screen, 'users page with results');
      if (screen.dark) await expectDarkControl(users.searchBox, 'the search box');

      if (screen.phone) {
        // The table is wider than a phone: its own box scrolls (a layout box, nameless).
        const box = page.locator('.table-scroll').filter({ has: users.table });
        const sizes = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(sizes.scroll, 'the table is wider than its box on a phone').toBeGreaterThan(sizes.client);
        const tick = page.getByRole('checkbox', { name: 'Select Aaron MacLeod' });
        const name = users.table.getByRole('link', { name: 'Aaron MacLeod', exact: true });
        const lastAccess = page.getByRole('columnheader', { name: 'Last access', exact: true });

        // The row on screen, as a person scrolls down to it; then the box to its far right.
        await name.scrollIntoViewIfNeeded();
        await expect(box).toHaveJSProperty('scrollLeft', 0);
        await box.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
        expect(await box.evaluate((el) => el.scrollLeft), 'the box scrolled').toBeGreaterThan(0);
        // The far columns came into view, the tick and the name stayed…
        await expectInViewport(page, lastAccess, 'the "Last access" heading after scrolling the table', true);
        await expectInViewport(page, tick, 'the row\'s tick after scrolling the table');
        await expectInViewport(page, name, 'the name after scrolling the table');
        // …on top of the cells scrolled under them, not painted over by them.
        for (const [target, what] of [[name, 'the name'], [tick, 'the tick']] as const) {
          const onTop = await target.evaluate((el) => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return !!hit && (hit === el || el.contains(hit) || hit.contains(el));
          });
          expect(onTop, `${what} is not covered by the cells scrolled under it`).toBe(true);
        }
        // …and their cells are opaque, so the text scrolled under them does not show through.
        for (const [cell, what] of [[users.table.getByRole('rowheader', { name: 'Aaron MacLeod' }), 'name'],
          [users.table.getByRole('cell').filter({ has: tick }), 'tick']] as const) {
          const background = await cell.evaluate((el) => getComputedStyle(el).backgroundColor);
          expect.soft(background, `the sticky ${what} cell's background is opaque`).toMatch(/^rgb\(/);
        }
        await expectNoSidewaysScroll(page, 'users page after scrolling the table');
      }
    });

    test('edits and saves, the save bar in reach of a field far down', async ({ page, request, signInPage }) => {
      const edit = new EditPage(page);
      await edit.open(signInPage);
      await checkScreen(page, screen, 'edit page');
      if (screen.dark) {
        await expectDarkControl(edit.field('Full name'), 'the Full name box');
        await expectDarkControl(edit.field('Language'), 'the Language select');
      }

      if (screen.phone) {
        // One column: every field of every section starts at the same x.
        const lefts = await page.locator('.fields > *').filter({ visible: true }).evaluateAll((els) =>
          [...new Set(els.map((el) => Math.round(el.getBoundingClientRect().x)))]);
        expect(lefts, 'the edit form\'s fields share one column at 360 px').toHaveLength(1);
      }

      // A field with two sections below it: the bar's own place is off screen, so only
      // its stickiness can keep it in view.
      const far = edit.field('Next community digest (optional)');
      await far.focus();
      await expect(far).toBeFocused();
      const bar = saveBar(page, edit);
      await expect(page.getByRole('heading', { name: 'System', level: 2 }), 'the form goes on below the screen')
        .not.toBeInViewport();
      await expectInViewport(page, far, 'the focused field far down');
      await expectInViewport(page, bar, 'the save bar while a field far down has the focus');
      await expectNotUnderBar(far, bar, 'the focused field far down');
      if (screen.touch) {
        // An on-screen keyboard, with interactive-widget=resizes-content, shrinks the
        // layout viewport as a shorter window does; the browser then brings the focused
        // field into view above it ("nearest": it does not move a field it deems in view).
        await expect(page.locator('meta[name=viewport]')).toHaveAttribute('content', /interactive-widget=resizes-content/);
        const size = page.viewportSize()!;
        await page.setViewportSize({ width: size.width, height: Math.round(size.height * 0.55) });
        await far.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
        await expect(far).toBeFocused();
        await expectInViewport(page, edit.saveButton(), 'the Save button with the on-screen keyboard up');
        await expectInViewport(page, far, 'the focused field with the on-screen keyboard up');
        await expectNotUnderBar(far, bar, 'the focused field with the on-screen keyboard up');
        await page.setViewportSize(size);
      }

      await edit.field('Devices (optional)').fill('Pixel 9');
      await edit.save();
      await edit.expectSaved();
      expect((await storedUser(request)).Devices).toBe('Pixel 9');
      // The save bar now says "Saved": still no wider than the screen.
      await checkScreen(page, screen, 'edit page once saved', false);
    });

    test('a conflict: the panel fits the screen and its choice saves', async ({ page, request, signInPage }) => {
      const edit = new EditPage(page);
      await edit.open(signInPage);
      await edit.field('Full name').fill('Ada Mine');
      await changeBehind(request, { set: { FullName: 'Ada Theirs' } });
      await edit.save();

      const panel = edit.conflictPanel();
      await expect(panel).toBeFocused();
      await expect(panel).toContainText('Ada Theirs');
      await expect(panel).toContainText('Ada Mine');
      await checkScreen(page, screen, 'edit page with the conflict panel');

      await panel.getByRole('button', { name: 'Keep mine for Full name' }).click();
      await expect(panel.getByRole('status')).toHaveText('Every field is decided: save again.');
      await edit.save();
      await expect(edit.status(`Saved. Updated meanwhile by ${OTHER_ADMIN}: Full name — your changes were saved on top.`)).toBeVisible();
      await expect(panel).toHaveCount(0);
      expect((await storedUser(request)).FullName).toBe('Ada Mine');
      // The long "Updated meanwhile by …" note in the save bar must wrap, not widen the page.
      await checkScreen(page, screen, 'edit page saved after the conflict', false);
    });

    test("the server's refusal of a field shows on the field and in the summary", async ({ page, request, signInPage }) => {
      const edit = new EditPage(page);
      await edit.open(signInPage);
      await edit.field('Email address').fill(TAKEN_EMAIL);
      await edit.save();

      const message = `Email address is already used by another user (you entered “${TAKEN_EMAIL}”)`;
      await expect(edit.errorSummary()).toBeFocused();
      await expect(edit.summaryLinks()).toHaveText([message]);
      await edit.expectFieldError('Email address', `Error: ${message}`);
      await expectInViewport(page, edit.errorSummary(), 'the focused error summary');
      expect((await storedUser(request)).Email).toBe(ADMIN.email);
      await checkScreen(page, screen, 'edit page with a server error on a field');
      if (screen.dark) await expectDarkControl(edit.field('Email address'), 'the refused Email address box');

      // The summary's link takes a finger to the field, in view.
      await edit.summaryLinks().first().click();
      await expect(edit.field('Email address')).toBeFocused();
      await expectInViewport(page, edit.field('Email address'), 'the Email address box reached from the summary');
    });
  });
}
