/** Layout shared by the sections of the user, admin and community settings pages. */
import { css } from "lit";

export const settingsSection = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.3rem;
    margin-bottom: var(--space-2);
  }
  h3 {
    font-size: 1rem;
    margin-bottom: var(--space-2);
  }
  .intro {
    color: var(--fg-muted);
    margin-bottom: var(--space-5);
  }
  section {
    padding: var(--space-5) 0;
    border-top: 1px solid var(--border);
  }
  section:first-of-type {
    border-top: 0;
    padding-top: 0;
  }
  form {
    max-width: 460px;
  }
  .list {
    display: flex;
    flex-direction: column;
    gap: var(--space-2);
  }
  .item {
    display: flex;
    align-items: center;
    gap: var(--space-3);
    padding: var(--space-3) var(--space-4);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--bg-side);
  }
  .item .main {
    flex: 1;
    min-width: 0;
  }
  .item .main > * {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .tag {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 0.72rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    background: var(--accent);
    color: var(--accent-fg);
    vertical-align: middle;
  }
  .tag.muted {
    background: var(--bg-input);
    color: var(--fg-muted);
  }
  .empty {
    padding: var(--space-5);
    text-align: center;
    color: var(--fg-muted);
    border: 1px dashed var(--border);
    border-radius: var(--radius);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.92rem;
  }
  th {
    text-align: left;
    font-size: 0.72rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--fg-muted);
    padding: var(--space-2);
    border-bottom: 1px solid var(--border);
  }
  td {
    padding: var(--space-2);
    border-bottom: 1px solid var(--border);
    vertical-align: middle;
  }
`;

/** A settings group of choices under a bold legend, without the browser's fieldset frame. */
export const settingsFieldset = css`
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
  }
  legend {
    font-weight: 700;
    margin-bottom: var(--space-3);
    padding: 0;
  }
`;
