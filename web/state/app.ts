/** The client's state, built once at start and handed to elements through context (see context.ts). */
import { AccountStore } from "./account.ts";
import { AdminStore } from "./admin.ts";
import { Api } from "./api.ts";
import { AuthStore } from "./auth.ts";
import { CommunitiesStore } from "./communities.ts";
import { PrefsStore } from "./prefs.ts";
import { Router } from "./router.ts";
import { TokenStore } from "./tokens.ts";
import { UiStore } from "./ui.ts";
import { UnreadStore } from "./unread.ts";

export class AppState {
  readonly tokens = new TokenStore();
  readonly api = new Api(this.tokens);
  readonly router = new Router();
  readonly prefs = new PrefsStore();
  readonly auth = new AuthStore(this.api, this.tokens);
  readonly account = new AccountStore(this.api, this.auth);
  readonly admin = new AdminStore(this.api);
  readonly ui = new UiStore();
  readonly communities = new CommunitiesStore(this.api);
  readonly unread = new UnreadStore();

  constructor() {
    let userId: string | null = null;
    this.auth.subscribe(() => {
      const next = this.auth.user?.id ?? null;
      if (next === userId) return;
      userId = next;
      this.prefs.useAccount(next);
      this.unread.useAccount(next);
      this.communities.forget();
      if (next) {
        void this.communities.load();
        void this.communities.loadDms();
      }
    });
    this.router.subscribe(() => {
      const r = this.router.route.name;
      if (r !== "settings" && r !== "community-settings") this.ui.lastAppUrl = this.router.currentUrl;
      if (this.ui.drawer !== "none") this.ui.setDrawer("none");
    });
  }
}
