/** Helpers shared by the browser tests that chat in DMs: a page signed in with tokens, finding and writing messages. */
import type { Page } from "playwright-core";
import type { TestBrowser } from "./browser.ts";

/** A fresh browser context (its own device) signed in with `tokens`, without going through the login form. */
export async function signedInPage(tb: TestBrowser, tokens: { accessToken: string; refreshToken: string }): Promise<Page> {
  const { page } = await tb.newUser();
  await page.goto("/login");
  await page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
  return page;
}

/** The newest rendered message whose text contains `text`. */
export function message(page: Page, text: string) {
  return page.getByTestId("message-content").filter({ hasText: text }).last();
}

/** Writes `text` in the DM composer and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole("combobox", { name: /Message @/ });
  await box.fill(text);
  await box.press("Enter");
}
