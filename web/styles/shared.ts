/** Styles shared by many elements: controls, form fields, focus ring, helpers. Elements add it to `static styles`. */
import { css } from "lit";

export const shared = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :host {
    font-family: var(--font);
    color: var(--fg);
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--focus);
    border-radius: var(--radius-s);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  h1, h2, h3, h4 {
    margin: 0;
    font-weight: 700;
    letter-spacing: -0.01em;
    line-height: 1.25;
  }
  p {
    margin: 0;
  }
  a {
    color: var(--link);
    text-decoration: underline;
    text-underline-offset: 2px;
    text-decoration-thickness: 1px;
  }
  a:hover {
    text-decoration-thickness: 2px;
  }
  a.btn,
  a.icon-btn {
    text-decoration: none;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--space-2);
    min-height: 38px;
    padding: 0 var(--space-4);
    border: 1px solid transparent;
    border-radius: var(--radius-s);
    background: var(--accent);
    color: var(--accent-fg);
    font-weight: 600;
    font-size: 0.93rem;
    cursor: pointer;
    transition: background var(--transition), filter var(--transition);
    white-space: nowrap;
  }
  .btn:hover:not(:disabled) {
    background: var(--accent-hover);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.secondary {
    background: var(--bg-input);
    color: var(--fg);
    border-color: var(--border);
  }
  .btn.secondary:hover:not(:disabled) {
    background: var(--bg-active);
  }
  .btn.danger {
    background: var(--danger);
    color: var(--danger-fg);
  }
  .btn.danger:hover:not(:disabled) {
    filter: brightness(1.08);
  }
  .btn.ghost {
    background: transparent;
    color: var(--fg);
  }
  .btn.ghost:hover:not(:disabled) {
    background: var(--bg-hover);
  }
  .btn.small {
    min-height: 30px;
    padding: 0 var(--space-3);
    font-size: 0.85rem;
  }
  .btn.block {
    width: 100%;
  }
  .icon-btn {
    display: inline-grid;
    place-items: center;
    width: 32px;
    height: 32px;
    border: 0;
    border-radius: var(--radius-s);
    background: transparent;
    color: var(--fg-muted);
    cursor: pointer;
    transition: background var(--transition), color var(--transition);
  }
  .icon-btn:hover {
    background: var(--bg-hover);
    color: var(--fg);
  }
  .icon-btn svg {
    width: 20px;
    height: 20px;
  }
  .link-btn {
    border: 0;
    background: none;
    padding: 0;
    color: var(--link);
    cursor: pointer;
    font-size: inherit;
  }
  .link-btn:hover {
    text-decoration: underline;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 6px;
    margin-bottom: var(--space-4);
  }
  .field > label,
  .label {
    font-size: 0.75rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--fg-muted);
  }
  .hint {
    font-size: 0.82rem;
    color: var(--fg-muted);
  }
  input[type="text"],
  input[type="password"],
  input[type="search"],
  input[type="number"],
  select,
  textarea {
    font: inherit;
    color: var(--fg);
    background: var(--bg-input);
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    padding: 9px 11px;
    min-height: 40px;
    width: 100%;
    transition: border-color var(--transition);
  }
  input:hover,
  select:hover,
  textarea:hover {
    border-color: var(--fg-faint);
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    border-color: var(--link);
  }
  input[aria-invalid="true"] {
    border-color: var(--danger);
  }
  .error {
    color: var(--danger);
    font-size: 0.88rem;
  }
  .alert {
    padding: var(--space-3) var(--space-4);
    border-radius: var(--radius-s);
    border: 1px solid var(--danger);
    background: color-mix(in srgb, var(--danger) 12%, transparent);
    color: var(--fg);
    font-size: 0.9rem;
    margin-bottom: var(--space-4);
  }
  .alert.ok {
    border-color: var(--success);
    background: color-mix(in srgb, var(--success) 12%, transparent);
  }
  .card {
    background: var(--bg-side);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: var(--space-4);
  }
  .row {
    display: flex;
    align-items: center;
    gap: var(--space-3);
  }
  .spacer {
    flex: 1;
  }
  .mono {
    font-family: var(--mono);
  }
  .muted {
    color: var(--fg-muted);
  }
  .spinner {
    width: 18px;
    height: 18px;
    border: 2px solid var(--fg-faint);
    border-top-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
    display: inline-block;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation-duration: 0s !important;
    }
  }
  .scroll {
    overflow-y: auto;
    scrollbar-width: thin;
    scrollbar-color: var(--bg-active) transparent;
  }
`;
