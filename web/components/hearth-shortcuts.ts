import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** The modifier as this computer names it: ⌘ on a Mac, Ctrl elsewhere (the app takes either). */
const MOD = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl";

/** Every keyboard shortcut the app has, by where it works. Kept here so the list is the one place to look. */
export const SHORTCUTS: readonly { group: string; keys: readonly { keys: string[]; what: string }[] }[] = [
  {
    group: "Anywhere",
    keys: [
      { keys: [MOD, "K"], what: "Find a conversation" },
      { keys: ["Alt", "↑"], what: "Previous channel" },
      { keys: ["Alt", "↓"], what: "Next channel" },
      { keys: [MOD, "F"], what: "Search this conversation" },
      { keys: [MOD, "/"], what: "Show these shortcuts" },
      { keys: ["Esc"], what: "Close a dialog, panel or settings" },
    ],
  },
  {
    group: "Writing",
    keys: [
      { keys: ["Enter"], what: "Send" },
      { keys: ["Shift", "Enter"], what: "New line" },
      { keys: ["↑"], what: "Edit your last message (empty box)" },
      { keys: ["Esc"], what: "Stop replying" },
      { keys: ["@"], what: "Mention someone" },
      { keys: [":"], what: "Find an emoji by name" },
      { keys: ["Tab"], what: "Pick the highlighted suggestion" },
    ],
  },
  {
    group: "Formatting",
    keys: [
      { keys: [MOD, "B"], what: "Bold" },
      { keys: [MOD, "I"], what: "Italic" },
      { keys: [MOD, "E"], what: "Inline code" },
      { keys: [MOD, "Shift", "X"], what: "Strikethrough" },
      { keys: [MOD, "Shift", "S"], what: "Spoiler" },
    ],
  },
];

/**
 * The keyboard shortcuts dialog: opened with Ctrl+/ (⌘/ on a Mac) from anywhere, or from Settings → Appearance,
 * through the UI store. No properties or events.
 */
export class HearthShortcuts extends LitElement {
  static styles = [
    shared,
    css`
      h3 {
        font-size: 0.75rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-muted);
        margin: var(--space-3) 0 var(--space-1);
      }
      h3:first-of-type {
        margin-top: 0;
      }
      dl {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px var(--space-4);
        align-items: center;
      }
      dt {
        font-size: 0.9rem;
      }
      dd {
        display: flex;
        gap: 4px;
        justify-content: flex-end;
      }
      kbd {
        min-width: 24px;
        padding: 1px 6px;
        border: 1px solid var(--border);
        border-bottom-width: 2px;
        border-radius: var(--radius-s);
        background: var(--bg-input);
        font: inherit;
        font-size: 0.75rem;
        font-weight: 600;
        text-align: center;
      }
      .done {
        display: flex;
        justify-content: flex-end;
        margin-top: var(--space-3);
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.ui]);

  render() {
    const ui = this.ctx.app.ui;
    if (!ui.shortcutsOpen) return null;
    return html`<hearth-dialog open hide-actions heading="Keyboard shortcuts" @dialog-close=${() => ui.setShortcuts(false)}>
      ${SHORTCUTS.map(
        (g) => html`<h3>${g.group}</h3>
          <dl aria-label=${g.group}>
            ${g.keys.map((k) => html`<dt>${k.what}</dt><dd>${k.keys.map((key) => html`<kbd>${key}</kbd>`)}</dd>`)}
          </dl>`,
      )}
      <div class="done"><button class="btn" @click=${() => ui.setShortcuts(false)}>Done</button></div>
    </hearth-dialog>`;
  }
}
customElements.define("hearth-shortcuts", HearthShortcuts);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-shortcuts": HearthShortcuts;
  }
}
