import { css } from "lit";

/**
 * A panel that drops from the channel header under its button (pins, a group DM's people): placement, frame and a
 * header row with a title and a close button. Width from `--popover-width` (420px unless the element sets it); where
 * it drops from something other than the channel header, `--popover-top` and `--popover-right` place it.
 */
export const headerPopover = css`
  :host {
    position: absolute;
    right: var(--popover-right, var(--space-4));
    top: var(--popover-top, 52px);
    z-index: 6;
    display: flex;
    flex-direction: column;
    width: min(var(--popover-width, 420px), calc(100% - 32px));
    max-height: min(70vh, 560px);
    background: var(--bg-raised);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    box-shadow: var(--shadow);
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    padding: var(--space-3) var(--space-3) var(--space-2) var(--space-4);
    border-bottom: 1px solid var(--border);
  }
  header h2 {
    flex: 1;
    font-size: 1rem;
    min-width: 0;
  }
`;

/**
 * The message cards such a panel lists (pins, search results): avatar, author and time, an excerpt and a row of
 * actions, in a scrolling column with an empty state and a "more" button.
 */
export const messageCards = css`
      .list {
        overflow-y: auto;
        padding: var(--space-2);
        display: flex;
        flex-direction: column;
        gap: var(--space-2);
      }
      article {
        display: grid;
        grid-template-columns: 32px minmax(0, 1fr);
        gap: var(--space-1) var(--space-3);
        padding: var(--space-2) var(--space-3);
        border: 1px solid var(--border);
        border-radius: var(--radius-s);
        background: var(--bg-side);
      }
      .meta {
        display: flex;
        align-items: baseline;
        gap: var(--space-2);
        min-width: 0;
      }
      .meta strong {
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .meta time {
        font-size: 0.75rem;
        color: var(--fg-muted);
        white-space: nowrap;
      }
      .excerpt {
        grid-column: 2;
        color: var(--fg);
        font-size: 0.9rem;
        overflow-wrap: anywhere;
      }
      .row-actions {
        grid-column: 2;
        display: flex;
        gap: var(--space-3);
      }
      .empty,
      .state {
        padding: var(--space-5) var(--space-4);
        text-align: center;
        color: var(--fg-muted);
      }
      .empty svg {
        width: 32px;
        height: 32px;
        color: var(--fg-faint);
        margin-bottom: var(--space-2);
      }
      .more {
        align-self: center;
      }
`;
