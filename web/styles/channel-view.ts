/**
 * hearth-channel-view's own styles: the typing line and its dots, the connection status line, the header's pressed
 * toggles, a thread's "#channel › thread" title, the drop overlay.
 */
import { css } from "lit";

export const channelView = css`
  .typing {
    height: 22px;
    padding: 0 var(--space-4);
    font-size: 0.8rem;
    color: var(--fg-muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .typing strong {
    color: var(--fg);
  }
  .dots {
    display: inline-flex;
    gap: 3px;
    margin-right: 6px;
    vertical-align: middle;
  }
  .dots i {
    width: 5px;
    height: 5px;
    border-radius: 50%;
    background: var(--fg-muted);
    animation: blink 1.2s infinite;
  }
  .dots i:nth-child(2) {
    animation-delay: 0.2s;
  }
  .dots i:nth-child(3) {
    animation-delay: 0.4s;
  }
  @keyframes blink {
    50% {
      opacity: 0.3;
    }
  }
  .status {
    padding: 4px var(--space-4);
    font-size: 0.8rem;
    background: color-mix(in srgb, var(--warning) 18%, var(--bg-main));
    color: var(--fg);
  }
  .wrap {
    position: relative;
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
  }
  .icon-btn[aria-pressed="true"] {
    color: var(--fg);
    background: var(--bg-active);
  }
  /* Files dragged over the conversation: where they will go (pointer-events off, so the drop lands on .wrap). */
  .drop {
    position: absolute;
    inset: var(--space-2);
    z-index: 20;
    display: flex;
    align-items: center;
    justify-content: center;
    border: 2px dashed var(--accent);
    border-radius: var(--radius-l);
    background: color-mix(in srgb, var(--bg-main) 85%, transparent);
    pointer-events: none;
  }
  .drop.refused {
    border-color: var(--fg-faint);
  }
  .drop-card {
    display: flex;
    align-items: center;
    gap: var(--space-3);
    max-width: 80%;
    padding: var(--space-4) var(--space-5);
    border-radius: var(--radius);
    background: var(--bg-raised);
    box-shadow: var(--shadow);
    color: var(--fg);
    font-weight: 600;
    text-align: center;
  }
  .drop-card svg {
    flex: none;
    width: 28px;
    height: 28px;
  }
  /* A thread's title: the channel it belongs to (a link back), a separator, the thread. */
  h1 .crumb {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    min-width: 0;
    max-width: 40%;
    flex: none;
    color: var(--fg-muted);
    text-decoration: none;
    border-radius: var(--radius-s);
  }
  h1 .crumb span {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  h1 .crumb:hover {
    color: var(--fg);
    text-decoration: underline;
  }
  /* A thread's title gives way to the header's buttons (a channel's name is short enough not to). */
  header.bar h1:has(.crumb) {
    flex: 0 1 auto;
    max-width: none;
  }
  h1 .sep {
    flex: none;
    color: var(--fg-faint);
    font-weight: 400;
  }
  h1 .tag {
    flex: none;
    padding: 1px 6px;
    border-radius: var(--radius-s);
    background: var(--bg-active);
    color: var(--fg-muted);
    font-size: 0.72rem;
    font-weight: 600;
  }
  /* A phone header keeps the thread's name: the way back is the channel's icon alone. */
  @media (max-width: 600px) {
    h1 .crumb span,
    h1 .tag {
      display: none;
    }
  }
`;
