import { test as base, expect, Page, APIRequestContext, Dialog } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Demo accounts of the development API (see dev-api/README.md). */
export const ADMIN = { email: 'admin@example.com', password: 'Admin#2026' };
export const TWO_FACTOR = { email: 'twofactor@example.com', password: 'Admin#2026', totp: '123456' };
export const MUST_RESET = { email: 'reset@example.com', password: 'Admin#2026' };

/** The sign-in page, as a person uses it. */
export class SignInPage {
  constructor(readonly page: Page) {}
  email() { return this.page.getByLabel('Email address'); }
  password() { return this.page.getByLabel('Password', { exact: true }); }
  remember() { return this.page.getByLabel('Keep me signed in on this device'); }
  submit() { return this.page.getByRole('button', { name: /Sign in|Verify code/ }); }
  code() { return this.page.getByLabel('Authentication code'); }
  alert() { return this.page.getByRole('alert'); }

  async goto(path = '/sign-in') {
    await this.page.goto(path);
    await expect(this.page.getByRole('heading', { name: 'Sign in to User Admin' })).toBeVisible();
  }

  async signIn(account: { email: string; password: string }, opts: { remember?: boolean } = {}) {
    await this.email().fill(account.email);
    await this.password().fill(account.password);
    if (opts.remember) await this.remember().check();
    await this.submit().click();
  }
}

/** Resets the development API's data, faults and counters before each test. */
export async function resetApi(request: APIRequestContext) {
  const r = await request.post('/__dev/reset');
  expect(r.ok()).toBeTruthy();
}

/** A fault for the development API's next matching `/api` request(s) (dev-api/README.md). */
export type Fault = {
  method?: string;
  path?: string;
  count?: number;
  status?: number;
  body?: string;
  delay_ms?: number;
  drop?: boolean;
  retry_after?: number | string;
  /** With `drop` or `status`: the request is handled first (a write happens), only its answer is lost or replaced. */
  applied?: boolean;
};

/** Queues a fault in the development API. */
export async function addFault(request: APIRequestContext, fault: Fault) {
  const r = await request.post('/__dev/faults', { data: fault });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/** Answers every dialog with `answer`, recording each. */
export function answerDialogs(page: Page, answer: 'accept' | 'dismiss'): Dialog[] {
  const asked: Dialog[] = [];
  page.on('dialog', (d) => {
    asked.push(d);
    void (answer === 'accept' ? d.accept() : d.dismiss());
  });
  return asked;
}

/** Runs axe on the page as it is now and expects no violations. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

export const test = base.extend<{ signInPage: SignInPage }>({
  signInPage: async ({ page, request }, use) => {
    await resetApi(request);
    await use(new SignInPage(page));
  },
});
export { expect };
