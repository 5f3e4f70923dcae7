/** The red count pill for mentions and unread DMs, the same in the community rail and the channel sidebar. */
import { css } from "lit";

export const badges = css`
  .badge {
    min-width: 18px;
    height: 18px;
    padding: 0 5px;
    border-radius: 9px;
    background: var(--danger);
    color: var(--danger-fg);
    font-size: 0.7rem;
    font-weight: 800;
    display: grid;
    place-items: center;
  }
`;
