/** hearth-poll's own styles: the card, answers as rows with a bar behind them, the footer with its actions. */
import { css } from "lit";

export const poll = css`
  :host {
    display: block;
    margin-top: 4px;
  }
  .card {
    container-type: inline-size;
    max-width: 520px;
    background: var(--bg-side);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: var(--space-3) var(--space-4) var(--space-3);
  }
  .question {
    font-weight: 700;
    font-size: 1.05rem;
    line-height: 1.35;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .kind {
    font-size: 0.8rem;
    color: var(--fg-muted);
    margin: 2px 0 var(--space-3);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
    min-width: 0;
  }
  .answer {
    position: relative;
    display: flex;
    align-items: center;
    gap: var(--space-2);
    min-height: 40px;
    padding: 6px 10px;
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    background: var(--bg-main);
    overflow: hidden;
    cursor: pointer;
  }
  fieldset:disabled .answer {
    cursor: default;
  }
  .answer:hover:not(.closed) {
    border-color: var(--fg-faint);
  }
  .answer:focus-within {
    box-shadow: var(--focus);
  }
  .answer.selected {
    border-color: var(--accent);
  }
  .fill {
    position: absolute;
    inset: 0 auto 0 0;
    width: var(--pct, 0%);
    background: color-mix(in srgb, var(--accent) 18%, transparent);
    pointer-events: none;
  }
  .answer.leader .fill {
    background: color-mix(in srgb, var(--success) 24%, transparent);
  }
  .answer > :not(.fill) {
    position: relative;
  }
  input {
    flex: none;
    width: 18px;
    height: 18px;
    margin: 0;
    accent-color: var(--accent);
    cursor: inherit;
  }
  input:focus-visible {
    outline: none;
  }
  .text {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .text.placeholder {
    color: var(--fg-muted);
    font-style: italic;
  }
  .you {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    flex: none;
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--fg);
    padding: 1px 6px;
    border-radius: 999px;
    background: color-mix(in srgb, var(--accent) 22%, transparent);
  }
  .you svg {
    width: 12px;
    height: 12px;
  }
  /* A narrow card (a phone) keeps the answer's words whole: "Your vote" shrinks to its check mark. */
  @container (max-width: 360px) {
    .you {
      padding: 2px;
    }
    .you-label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0, 0, 0, 0);
      white-space: nowrap;
    }
  }
  .count {
    flex: none;
    font-size: 0.82rem;
    color: var(--fg-muted);
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  .count strong {
    color: var(--fg);
    font-weight: 600;
    margin-left: 4px;
  }
  footer {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--space-2);
    margin-top: var(--space-3);
  }
  .meta {
    font-size: 0.85rem;
    color: var(--fg-muted);
  }
  .meta .ended {
    color: var(--fg);
    font-weight: 600;
  }
  .actions {
    display: flex;
    gap: var(--space-2);
    margin-left: auto;
  }
  .status {
    font-size: 0.85rem;
    margin-top: var(--space-2);
  }
  .status.error {
    color: var(--danger);
  }
  .note {
    font-size: 0.82rem;
    color: var(--fg-muted);
    margin-top: var(--space-2);
  }
`;
