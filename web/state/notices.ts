/**
 * What every signed-in person sends to or gets from the instance's operators (docs/api/admin.md, moderation.md):
 * the announcements they have not dismissed, feedback, and reports of a message or a person.
 */
import type { Api } from "./api.ts";
import type { Announcement } from "./admin.ts";
import { Notifier } from "./store.ts";

export type FeedbackCategory = "general" | "bug" | "feature" | "abuse" | "other";

export type ReportInput =
  | { targetType: "message"; channelId: string; messageId: string; reason: string; toInstance?: boolean }
  | { targetType: "user"; userId: string; communityId?: string; reason: string; toInstance?: boolean };

/**
 * What the report dialog is opened for: enough to say what is being reported and to send it. `label` is the person's
 * name, or a plain excerpt of the message (empty when there is nothing to show, e.g. an attachment only).
 */
export type ReportTarget =
  | { targetType: "message"; channelId: string; messageId: string; communityId: string | null; label: string; isEncrypted?: boolean }
  | { targetType: "user"; userId: string; communityId: string | null; label: string };

export class NoticesStore extends Notifier {
  announcements: Announcement[] = [];
  /** The report dialog's subject while it is open. */
  reporting: ReportTarget | null = null;

  constructor(private readonly api: Api) {
    super();
  }

  /** Fetches active, undismissed announcements; a failure leaves the banner as it was (it is not essential). */
  async load(): Promise<void> {
    try {
      this.announcements = (await this.api.get<{ announcements: Announcement[] }>("/api/v1/announcements")).announcements;
      this.changed();
    } catch {
      /* keep what we had */
    }
  }

  async dismiss(id: string): Promise<void> {
    this.announcements = this.announcements.filter((a) => a.id !== id);
    this.changed();
    // Dismissing is a courtesy: if the call fails the banner stays gone here and returns on the next load.
    await this.api.post(`/api/v1/announcements/${encodeURIComponent(id)}/dismiss`).catch(() => {});
  }

  forget(): void {
    this.announcements = [];
    this.reporting = null;
    this.changed();
  }

  openReport(target: ReportTarget | null): void {
    this.reporting = target;
    this.changed();
  }

  sendFeedback(input: { category: FeedbackCategory; body: string }): Promise<{ id: string }> {
    return this.api.post("/api/v1/feedback", input);
  }

  report(input: ReportInput): Promise<{ id: string }> {
    return this.api.post("/api/v1/reports", input);
  }
}
