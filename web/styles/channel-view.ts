/** hearth-channel-view's own styles: the typing line and its dots, the connection status line, the header's pressed toggles, the drop overlay. */
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
`;
