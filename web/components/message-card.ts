import { html, type TemplateResult } from "lit";
import "./hearth-avatar.ts";

/** One message as a panel lists it (pins, search results): the `messageCards` styles of styles/header-popover.ts. */
export interface MessageCard {
  testId: string;
  label: string;
  authorId: string;
  name: string;
  createdAt: string;
  stamp: string;
  excerpt: unknown;
  actions: TemplateResult;
}

export function messageCard(c: MessageCard): TemplateResult {
  return html`<article data-testid=${c.testId} aria-label=${c.label}>
    <hearth-avatar .name=${c.name} .seed=${c.authorId} .size=${32}></hearth-avatar>
    <div class="meta"><strong>${c.name}</strong><time datetime=${c.createdAt} title=${new Date(c.createdAt).toLocaleString()}>${c.stamp}</time></div>
    <div class="excerpt">${c.excerpt}</div>
    <div class="row-actions">${c.actions}</div>
  </article>`;
}
