/** hearth-channel-view's own styles: the typing line and its dots, the connection status line, the header's pressed toggles. */
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
`;
