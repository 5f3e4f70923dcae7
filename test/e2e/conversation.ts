/** Helpers shared by the browser tests that chat in DMs: a page signed in with tokens, finding and writing messages. */
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import type { TestServer } from "../harness.ts";
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

/** Alice and Bob, registered through the API, a DM between them, and a signed-in browser (one device) for each. */
export async function dmPair(server: TestServer, tb: TestBrowser) {
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  const dm: string = (await api(server.url, "POST", "/api/v1/dms", { token: a.accessToken, body: { userId: b.user.id } })).body.id;
  return { a, b, dm, alice: await signedInPage(tb, a), bob: await signedInPage(tb, b) };
}

/**
 * Alice's community `name` with Bob in it (through an invite), registered through the API, and a signed-in
 * browser (one device) for each: the set-up most community browser tests start from.
 */
export async function communityPair(server: TestServer, tb: TestBrowser, name: string) {
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  const communityId: string = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name } })).body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken });
  const general: string = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: a.accessToken, body: {} });
  const joined = await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken, body: {} });
  if (joined.status !== 200) throw new Error(`Bob could not join: ${JSON.stringify(joined.body)}`);
  return { a, b, communityId, general, alice: await signedInPage(tb, a), bob: await signedInPage(tb, b) };
}
