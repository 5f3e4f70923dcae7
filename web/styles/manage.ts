/**
 * Controls shared by the management screens (community settings, admin panel): switches, the deny/inherit/allow
 * segmented control, chips, sortable rows, a sticky save bar and tables that scroll sideways on phones.
 */
import { css } from "lit";

/** An on/off switch: a checkbox (role="switch") over a track, `<span class="switch"><input …><span class="track">`. */
export const switchStyles = css`
  .switch {
    position: relative;
    display: inline-block;
    flex: none;
    width: 40px;
    height: 24px;
  }
  .switch input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .switch input:disabled {
    cursor: not-allowed;
  }
  .switch .track {
    position: absolute;
    inset: 0;
    border-radius: 999px;
    background: var(--fg-faint);
    transition: background var(--transition);
    pointer-events: none;
  }
  .switch .track::after {
    content: "";
    position: absolute;
    top: 3px;
    left: 3px;
    width: 18px;
    height: 18px;
    border-radius: 50%;
    background: #fff;
    transition: transform var(--transition);
  }
  .switch input:checked + .track {
    background: var(--success);
  }
  .switch input:checked + .track::after {
    transform: translateX(16px);
  }
  .switch input:disabled + .track {
    opacity: 0.45;
  }
  .switch input:focus-visible + .track {
    box-shadow: var(--focus);
  }
`;

export const manage = css`
  .btn svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  ${switchStyles}

  .perm-list {
    border: 1px solid var(--border);
    border-radius: var(--radius);
    overflow: hidden;
    margin-bottom: var(--space-4);
  }
  .perm-cat {
    padding: var(--space-2) var(--space-4);
    background: var(--bg-side);
    font-size: 0.72rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--fg-muted);
    border-bottom: 1px solid var(--border);
  }
  .perm {
    display: flex;
    align-items: center;
    gap: var(--space-4);
    padding: var(--space-3) var(--space-4);
    border-bottom: 1px solid var(--border);
  }
  label.perm {
    cursor: pointer;
  }
  .perm:last-child {
    border-bottom: 0;
  }
  .perm .what {
    flex: 1;
    min-width: 0;
  }
  .perm .what .name {
    font-weight: 600;
  }
  .perm .what .hint {
    margin-top: 2px;
  }

  .tri {
    display: inline-flex;
    flex: none;
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    overflow: hidden;
  }
  .tri label {
    position: relative;
    display: grid;
    place-items: center;
    width: 38px;
    height: 30px;
    cursor: pointer;
    color: var(--fg-muted);
    background: var(--bg-input);
    transition: background var(--transition);
  }
  .tri label + label {
    border-left: 1px solid var(--border);
  }
  .tri label svg {
    width: 16px;
    height: 16px;
  }
  .tri input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .tri input:disabled {
    cursor: not-allowed;
  }
  .tri label:has(input:disabled) {
    opacity: 0.5;
  }
  .tri label:has(input:focus-visible) {
    box-shadow: inset 0 0 0 2px var(--link);
  }
  .tri label.deny:has(input:checked) {
    background: var(--danger);
    color: var(--danger-fg);
  }
  .tri label.neutral:has(input:checked) {
    background: var(--fg-faint);
    color: var(--bg-main);
  }
  .tri label.allow:has(input:checked) {
    background: var(--success);
    color: var(--bg-main);
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 10px;
    border-radius: 999px;
    border: 1px solid var(--border);
    background: var(--bg-input);
    font-size: 0.8rem;
    white-space: nowrap;
  }
  .dot {
    display: inline-block;
    width: 12px;
    height: 12px;
    border-radius: 50%;
    flex: none;
    background: var(--fg-faint);
  }
  .count-allow,
  .count-deny {
    padding: 0 6px;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 700;
  }
  .count-allow {
    background: var(--success);
    color: var(--bg-main);
  }
  .count-deny {
    background: var(--danger);
    color: var(--danger-fg);
  }

  .sort-row {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    padding: 6px var(--space-2);
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    background: var(--bg-side);
    margin-bottom: 4px;
    min-height: 44px;
  }
  .sort-row.dragging {
    opacity: 0.4;
  }
  .sort-row.over {
    box-shadow: 0 -3px 0 var(--accent);
  }
  .sort-row .grip {
    display: grid;
    color: var(--fg-faint);
    cursor: grab;
  }
  .sort-row .grip svg,
  .sort-row > svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  .sort-row .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .icon-btn.small {
    width: 28px;
    height: 28px;
  }
  .icon-btn.small svg {
    width: 16px;
    height: 16px;
  }
  .icon-btn:disabled {
    opacity: 0.35;
    cursor: not-allowed;
    background: transparent;
  }

  .savebar {
    position: sticky;
    bottom: var(--space-4);
    display: flex;
    align-items: center;
    gap: var(--space-3);
    flex-wrap: wrap;
    margin-top: var(--space-4);
    padding: var(--space-3) var(--space-4);
    border-radius: var(--radius);
    background: var(--bg-raised);
    border: 1px solid var(--border);
    box-shadow: var(--shadow);
    z-index: 2;
  }
  .savebar .msg {
    flex: 1;
    min-width: 160px;
    font-weight: 600;
  }

  .notice {
    display: flex;
    gap: var(--space-3);
    align-items: flex-start;
    padding: var(--space-3) var(--space-4);
    border-radius: var(--radius);
    border: 1px solid var(--border);
    background: var(--bg-side);
    margin-bottom: var(--space-4);
    font-size: 0.92rem;
  }
  .notice svg {
    width: 18px;
    height: 18px;
    flex: none;
    margin-top: 2px;
    color: var(--link);
  }
  .notice.warn svg {
    color: var(--warning);
  }
  .notice .grow {
    flex: 1;
  }

  .table-wrap {
    overflow-x: auto;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    /* A shadow at an edge with more columns behind it, so a table wider than a phone reads as scrollable: the
       "local" covers scroll with the content and uncover the fixed shadows only where there is more. */
    background:
      linear-gradient(to right, var(--bg-main) 30%, transparent) left / 32px 100% no-repeat local,
      linear-gradient(to left, var(--bg-main) 30%, transparent) right / 32px 100% no-repeat local,
      radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.22), transparent) left / 12px 100% no-repeat scroll,
      radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.22), transparent) right / 12px 100% no-repeat scroll;
  }
  .table-wrap table th,
  .table-wrap table td {
    padding: var(--space-2) var(--space-3);
  }
  .table-wrap table tr:last-child td {
    border-bottom: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--space-3);
    margin-bottom: var(--space-4);
  }
  .toolbar .field {
    margin: 0;
  }
  .actions {
    display: flex;
    gap: var(--space-2);
    justify-content: flex-end;
    flex-wrap: wrap;
  }
  .back {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    margin-bottom: var(--space-3);
  }
  .back svg {
    width: 16px;
    height: 16px;
  }
  .tabs {
    display: flex;
    gap: var(--space-1);
    border-bottom: 1px solid var(--border);
    margin-bottom: var(--space-4);
    overflow-x: auto;
  }
  .tabs button {
    border: 0;
    background: none;
    padding: var(--space-2) var(--space-3);
    color: var(--fg-muted);
    font-weight: 600;
    cursor: pointer;
    border-bottom: 2px solid transparent;
    margin-bottom: -1px;
    white-space: nowrap;
  }
  .tabs button[aria-selected="true"] {
    color: var(--fg);
    border-bottom-color: var(--accent);
  }
  .tabs button:hover {
    color: var(--fg);
  }
  .swatches {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
  }
  .swatch {
    width: 28px;
    height: 28px;
    border-radius: var(--radius-s);
    border: 2px solid transparent;
    cursor: pointer;
    padding: 0;
  }
  .swatch[aria-pressed="true"] {
    border-color: var(--fg);
    box-shadow: inset 0 0 0 2px var(--bg-main);
  }
  input[type="color"] {
    width: 44px;
    height: 32px;
    padding: 2px;
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    background: var(--bg-input);
    cursor: pointer;
  }
  textarea {
    resize: vertical;
  }
`;

/** Role colours offered as one-click swatches (any #rrggbb is allowed through the picker). */
export const ROLE_COLORS = ["#1abc9c", "#2ecc71", "#3498db", "#9b59b6", "#e91e63", "#f1c40f", "#e67e22", "#e74c3c", "#95a5a6", "#607d8b"];
