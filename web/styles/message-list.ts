/**
 * hearth-message-list's own styles: the scroller (browser scroll anchoring stays on), the channel intro, day
 * separators and the new-messages line, loading rows, and the "new messages above" and "jump to present" bars.
 */
import { css } from "lit";

export const messageList = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    min-height: 0;
    flex: 1;
  }
  .scroller {
    flex: 1;
    overflow-y: auto;
    /* The browser's scroll anchoring stays on: rows above the view that render for the first time (content-
       visibility) change from their estimated height to their real one, and only the browser can keep the
       view still through that. Updates set scrollTop absolutely (see updated()), so the two never add up. */
    overflow-anchor: auto;
    padding-bottom: var(--space-4);
  }
  .intro {
    padding: var(--space-6) var(--space-4) var(--space-4);
  }
  .intro .art {
    display: grid;
    place-items: center;
    width: 64px;
    height: 64px;
    border-radius: 50%;
    background: var(--bg-input);
    margin-bottom: var(--space-3);
  }
  .intro .art svg {
    width: 36px;
    height: 36px;
  }
  .intro h2 {
    font-size: 1.6rem;
    margin-bottom: var(--space-1);
  }
  .intro p {
    color: var(--fg-muted);
  }
  /* "Seen" under one's last message in a DM (read receipts). */
  .seen {
    text-align: right;
    font-size: 0.75rem;
    color: var(--fg-muted);
    padding: 0 var(--space-4) var(--space-1);
  }
  .day {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    margin: var(--space-5) var(--space-4) var(--space-1);
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--fg-muted);
  }
  .day::before,
  .day::after {
    content: "";
    flex: 1;
    border-top: 1px solid var(--border);
  }
  .new {
    display: flex;
    align-items: center;
    margin: var(--space-2) var(--space-4) 0 var(--space-4);
    font-size: 0.7rem;
    font-weight: 700;
    color: var(--danger);
    text-transform: uppercase;
  }
  .new::before {
    content: "";
    flex: 1;
    border-top: 1px solid var(--danger);
    margin-right: var(--space-2);
  }
  .loading {
    display: flex;
    justify-content: center;
    padding: var(--space-4);
  }
  .bar {
    position: absolute;
    left: var(--space-4);
    right: var(--space-4);
    z-index: 2;
    display: flex;
    align-items: center;
    gap: var(--space-2);
    padding: 6px 12px;
    border-radius: var(--radius);
    font-size: 0.85rem;
    font-weight: 600;
    box-shadow: var(--shadow);
    border: 0;
    cursor: pointer;
  }
  .bar.unread {
    top: 8px;
    background: var(--accent);
    color: var(--accent-fg);
  }
  .bar.present {
    bottom: 12px;
    left: auto;
    background: var(--bg-raised);
    color: var(--fg);
    border: 1px solid var(--border);
  }
  .bar svg {
    width: 16px;
    height: 16px;
  }
`;
