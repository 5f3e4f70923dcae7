/** hearth-message's own styles: the row and its group header, reply quote, hover actions, editor and pending states. */
import { css } from "lit";

export const message = css`
  :host {
    display: block;
    content-visibility: auto;
    contain-intrinsic-size: auto 48px;
  }
  .row {
    position: relative;
    display: grid;
    grid-template-columns: calc(var(--avatar) + 16px) minmax(0, 1fr);
    /* The shared .row centres its items: here the avatar (or time) stays beside the name in a tall row (an image). */
    align-items: start;
    padding: var(--msg-pad) var(--space-4) var(--msg-pad) 0;
    margin-top: 0;
  }
  .row.start {
    margin-top: var(--msg-gap);
  }
  .row:hover,
  .row:focus-within {
    background: var(--bg-hover);
  }
  .row.mention {
    background: var(--mention-bg);
    box-shadow: inset 3px 0 0 var(--warning);
  }
  .row.flash {
    animation: flash 1.6s ease;
  }
  @keyframes flash {
    0%,
    40% {
      background: color-mix(in srgb, var(--accent) 25%, transparent);
    }
  }
  .gutter {
    display: flex;
    justify-content: center;
    padding-top: 2px;
  }
  .gutter .time {
    visibility: hidden;
    font-size: 0.68rem;
    color: var(--fg-faint);
    padding-top: 4px;
  }
  .row:hover .gutter .time {
    visibility: visible;
  }
  .head {
    display: flex;
    align-items: baseline;
    gap: var(--space-2);
    min-width: 0;
  }
  .app-tag {
    flex: none;
    font-size: 0.68rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    padding: 1px 5px;
    border-radius: var(--radius-s);
    background: var(--accent);
    color: var(--accent-fg);
    align-self: center;
  }
  .author {
    font-weight: 600;
    color: var(--fg);
    cursor: pointer;
    background: none;
    border: 0;
    padding: 0;
    font-size: 1rem;
    /* A long display name takes one line and ends in an ellipsis; the time beside it keeps its place. */
    text-align: left;
    min-width: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .author:hover {
    text-decoration: underline;
  }
  .stamp {
    flex: none;
    font-size: 0.75rem;
    color: var(--fg-faint);
  }
  .edited {
    font-size: 0.7rem;
    color: var(--fg-faint);
    margin-left: 4px;
  }
  .deleted,
  .locked {
    color: var(--fg-faint);
    font-style: italic;
  }
  .locked svg {
    width: 14px;
    height: 14px;
    vertical-align: -2px;
    margin-right: 4px;
  }
  .pending .content {
    opacity: 0.55;
  }
  .failed {
    color: var(--danger);
    font-size: 0.82rem;
    display: flex;
    gap: var(--space-3);
    align-items: center;
  }
  .failed svg {
    flex: none;
    width: 14px;
    height: 14px;
  }
  .reply {
    grid-column: 2;
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.84rem;
    color: var(--fg-muted);
    margin: 2px 0 2px -2px;
    min-width: 0;
    position: relative;
  }
  .reply::before {
    content: "";
    position: absolute;
    left: calc(-1 * var(--avatar) / 2 - 8px);
    top: 50%;
    width: calc(var(--avatar) / 2 + 2px);
    height: 10px;
    border-left: 2px solid var(--fg-faint);
    border-top: 2px solid var(--fg-faint);
    border-top-left-radius: 6px;
  }
  .reply button {
    border: 0;
    background: none;
    padding: 0;
    color: inherit;
    cursor: pointer;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    font-size: inherit;
    text-align: left;
  }
  .reply button:hover {
    color: var(--fg);
  }
  .reply strong {
    color: var(--fg);
    font-weight: 600;
  }
  .pin {
    display: inline-flex;
    color: var(--fg-faint);
    vertical-align: middle;
  }
  .pin svg {
    width: 14px;
    height: 14px;
  }
  .actions {
    position: absolute;
    right: var(--space-4);
    top: -14px;
    display: none;
    background: var(--bg-raised);
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.18);
    z-index: 1;
  }
  .row:hover .actions,
  .row:focus-within .actions {
    display: flex;
  }
  .actions .icon-btn {
    width: 30px;
    height: 30px;
  }
  .actions .icon-btn svg {
    width: 18px;
    height: 18px;
  }
  .editor textarea {
    width: 100%;
    resize: none;
    min-height: 44px;
    font: inherit;
    margin-top: 4px;
  }
  .editor .hint {
    margin-top: 4px;
  }
  .attachments {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--space-2);
    margin-top: var(--space-1);
    max-width: 100%;
  }
`;
