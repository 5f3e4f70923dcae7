/**
 * The instance admin part of the settings layer: its sections (in nav order) and the element each one shows.
 * hearth-settings.ts lists these under "Instance admin" for admins only; the server checks again on every call.
 */
import { html, type TemplateResult } from "lit";
import type { SettingsSection } from "../state/router.ts";
import "./hearth-admin-announcements.ts";
import "./hearth-admin-communities.ts";
import "./hearth-admin-feedback.ts";
import "./hearth-admin-invites.ts";
import "./hearth-admin-moderation.ts";
import "./hearth-admin-settings.ts";
import "./hearth-admin-users.ts";

export const ADMIN_SECTIONS: [SettingsSection, string][] = [
  ["admin-users", "Users"],
  ["admin", "Registration invites"],
  ["admin-settings", "Instance settings"],
  ["admin-announcements", "Announcements"],
  ["admin-reports", "Reports"],
  ["admin-feedback", "Feedback"],
  ["admin-communities", "Communities"],
  ["admin-webhooks", "Webhooks"],
  ["admin-audit", "Audit log"],
];

/** Whether a settings section belongs to the admin panel. */
export function isAdminSection(s: SettingsSection): boolean {
  return ADMIN_SECTIONS.some(([x]) => x === s);
}

/** The element of an admin section. */
export function adminBody(s: SettingsSection): TemplateResult {
  switch (s) {
    case "admin-users":
      return html`<hearth-admin-users></hearth-admin-users>`;
    case "admin-settings":
      return html`<hearth-admin-settings></hearth-admin-settings>`;
    case "admin-announcements":
      return html`<hearth-admin-announcements></hearth-admin-announcements>`;
    case "admin-reports":
      return html`<hearth-admin-moderation view="reports"></hearth-admin-moderation>`;
    case "admin-audit":
      return html`<hearth-admin-moderation view="audit"></hearth-admin-moderation>`;
    case "admin-webhooks":
      return html`<hearth-admin-moderation view="webhooks"></hearth-admin-moderation>`;
    case "admin-feedback":
      return html`<hearth-admin-feedback></hearth-admin-feedback>`;
    case "admin-communities":
      return html`<hearth-admin-communities></hearth-admin-communities>`;
    default:
      return html`<hearth-admin-invites></hearth-admin-invites>`;
  }
}
