import { css } from "lit";

/**
 * A small menu dropped from a button (a thread's options, notification choices): rows of items with an icon,
 * hover and focus highlight, a red one for destructive actions, and a check for the chosen radio item.
 */
export const menuStyles = css`
  :host {
    --popover-width: 220px;
    padding: var(--space-1);
  }
  [role="menu"] > p {
    padding: var(--space-2) var(--space-3) var(--space-1);
    font-size: 0.75rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--fg-muted);
  }
  button {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    width: 100%;
    padding: var(--space-2) var(--space-3);
    border: 0;
    border-radius: var(--radius-s);
    background: none;
    color: var(--fg);
    font: inherit;
    text-align: left;
    cursor: pointer;
  }
  button:hover,
  button:focus-visible {
    background: var(--bg-hover);
  }
  button.danger {
    color: var(--danger);
  }
  button .sub {
    display: block;
    font-size: 0.78rem;
    color: var(--fg-muted);
  }
  button > span {
    flex: 1;
    min-width: 0;
  }
  svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  .check {
    display: contents;
  }
  [aria-checked="false"] .check svg {
    visibility: hidden;
  }
`;

/** ArrowDown/ArrowUp move the focus round a menu's items (those with a menuitem role), as in native menus. */
export function moveMenuFocus(root: ShadowRoot, e: KeyboardEvent): void {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  e.preventDefault();
  const items = [...root.querySelectorAll<HTMLElement>("[role^=menuitem]")];
  const at = items.indexOf(root.activeElement as HTMLElement);
  items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
}
