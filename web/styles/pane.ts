/** The header bar and empty-state block shared by the main-pane views. */
import { css } from "lit";

export const pane = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    height: 100%;
  }
  header.bar {
    flex: none;
    display: flex;
    align-items: center;
    gap: var(--space-2);
    height: 48px;
    padding: 0 var(--space-3) 0 var(--space-4);
    border-bottom: 1px solid var(--border);
    box-shadow: 0 1px 0 rgba(0, 0, 0, 0.04);
    min-width: 0;
  }
  header.bar h1 {
    /* The name keeps its width (up to 60%) and the topic ends in "…", not the other way round. */
    flex: 0 0 auto;
    min-width: 0;
    max-width: 60%;
    font-size: 1rem;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    display: flex;
    align-items: center;
    gap: 6px;
  }
  header.bar h1 > span {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  header.bar h1 svg {
    width: 20px;
    height: 20px;
    color: var(--fg-faint);
    flex: none;
  }
  header.bar .topic {
    color: var(--fg-muted);
    font-size: 0.88rem;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    border-left: 1px solid var(--border);
    padding-left: var(--space-3);
    margin-left: var(--space-1);
    min-width: 0;
  }
  .menu-btn {
    display: none;
  }
  @media (max-width: 860px) {
    .menu-btn {
      display: inline-grid;
    }
  }
  /* A phone header has room for the name and the buttons only, so the topic is not shown there. */
  @media (max-width: 600px) {
    header.bar .topic {
      display: none;
    }
  }
  .empty-state {
    flex: 1;
    display: grid;
    place-items: center;
    padding: var(--space-6) var(--space-4);
    text-align: center;
  }
  .empty-state > div {
    max-width: 440px;
  }
  .empty-state .art {
    display: inline-grid;
    place-items: center;
    width: 88px;
    height: 88px;
    border-radius: 28px;
    background: color-mix(in srgb, var(--accent) 18%, var(--bg-side));
    color: var(--accent);
    margin-bottom: var(--space-4);
  }
  .empty-state .art svg {
    width: 44px;
    height: 44px;
  }
  .empty-state h2 {
    font-size: 1.35rem;
    margin-bottom: var(--space-2);
  }
  .empty-state p {
    color: var(--fg-muted);
    margin-bottom: var(--space-5);
  }
  .empty-state .actions {
    display: flex;
    gap: var(--space-3);
    justify-content: center;
    flex-wrap: wrap;
  }
`;
