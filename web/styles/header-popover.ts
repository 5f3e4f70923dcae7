import { css } from "lit";

/**
 * A panel that drops from the channel header under its button (pins, a group DM's people): placement, frame and a
 * header row with a title and a close button. Width from `--popover-width` (420px unless the element sets it).
 */
export const headerPopover = css`
  :host {
    position: absolute;
    right: var(--space-4);
    top: 52px;
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
