/**
 * A notice in the strip above the composer (hearth-trust-warning, hearth-backup-prompt): a bordered box whose line
 * holds an icon, a sentence that takes the room, and buttons that wrap below it on a narrow screen. Each component
 * sets its own colours on `.box` and `.line svg`.
 */
import { css } from "lit";

export const composerNotice = css`
  :host {
    display: block;
    padding: 0 var(--space-4) var(--space-2);
  }
  .box {
    padding: var(--space-2) var(--space-3);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--bg-side);
    font-size: 0.9rem;
  }
  .line {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--space-2) var(--space-3);
  }
  .line svg {
    flex: none;
    width: 18px;
    height: 18px;
    color: var(--fg-muted);
  }
  p {
    flex: 1 1 260px;
    margin: 0;
  }
`;
