/** Instance announcements the person has not dismissed (docs/api/admin.md "Announcements"). */
import type { Api } from "./api.ts";
import { Notifier } from "./store.ts";

export interface Announcement {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  endsAt: string | null;
}

export class NoticesStore extends Notifier {
  announcements: Announcement[] = [];

  constructor(private readonly api: Api) {
    super();
  }

  async load(): Promise<void> {
    try {
      this.announcements = (await this.api.get<{ announcements: Announcement[] }>("/api/v1/announcements")).announcements;
    } catch {
      // Announcements are a courtesy: a failure leaves the banner empty rather than interrupting anything.
      this.announcements = [];
    }
    this.changed();
  }

  async dismiss(id: string): Promise<void> {
    this.announcements = this.announcements.filter((a) => a.id !== id);
    this.changed();
    await this.api.post(`/api/v1/announcements/${encodeURIComponent(id)}/dismiss`).catch(() => {});
  }
}
