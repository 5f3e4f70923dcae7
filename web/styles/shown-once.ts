/**
 * A secret shown only once (the account's recovery code, the key backup's recovery key): the code in a dashed box
 * with its copy button, and the "I have saved it" check that gates going on.
 */
import { css } from "lit";

export const shownOnce = css`
  .code {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--space-3);
    padding: var(--space-4);
    margin: var(--space-4) 0;
    border-radius: var(--radius);
    background: var(--bg-input);
    border: 1px dashed var(--fg-faint);
    font-family: var(--mono);
    font-size: 1.1rem;
    letter-spacing: 0.06em;
    word-break: break-all;
    user-select: all;
  }
  .check {
    display: flex;
    gap: var(--space-2);
    align-items: flex-start;
    font-size: 0.95rem;
    cursor: pointer;
  }
  .check input {
    width: 18px;
    height: 18px;
    margin-top: 2px;
    accent-color: var(--accent);
  }
`;
