/**
 * How people are shown in management pages (instance admin users, community members): the page head of one
 * person, the avatar-and-names cell of a list row, and the row of status tags with their warning/danger tones.
 */
import { css } from "lit";

export const people = css`
  .person-head {
    display: flex;
    gap: var(--space-4);
    align-items: center;
    margin-bottom: var(--space-5);
  }
  .person-head h2 {
    margin: 0;
  }
  .who {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    min-width: 0;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .tag.warn {
    background: var(--warning);
    color: var(--bg-main);
  }
  .tag.danger {
    background: var(--danger);
    color: var(--danger-fg);
  }
`;
