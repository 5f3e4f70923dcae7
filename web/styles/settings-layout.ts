/** The full-screen settings layer: section nav on the left, content on the right, close button. */
import { css } from "lit";

export const settingsLayout = css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 20;
        display: flex;
        background: var(--bg-main);
      }
      nav {
        flex: 1 0 220px;
        display: flex;
        justify-content: flex-end;
        background: var(--bg-side);
        padding: var(--space-6) var(--space-2) var(--space-4) var(--space-4);
        overflow-y: auto;
      }
      nav > div {
        width: 220px;
      }
      .group {
        font-size: 0.72rem;
        font-weight: 700;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-muted);
        padding: var(--space-4) var(--space-3) var(--space-2);
      }
      nav a,
      nav button {
        display: block;
        width: 100%;
        text-align: left;
        padding: 7px var(--space-3);
        margin-bottom: 2px;
        border-radius: var(--radius-s);
        color: var(--fg-muted);
        font-weight: 500;
        background: none;
        border: 0;
        cursor: pointer;
        font-size: 0.95rem;
        text-decoration: none;
      }
      nav a:hover,
      nav button:hover {
        background: var(--bg-hover);
        color: var(--fg);
        text-decoration: none;
      }
      nav a[aria-current="page"] {
        background: var(--bg-active);
        color: var(--fg);
      }
      hr {
        border: 0;
        border-top: 1px solid var(--border);
        margin: var(--space-2) var(--space-3);
      }
      .content {
        flex: 1 1 800px;
        display: flex;
        overflow-y: auto;
        padding: var(--space-6) var(--space-5) var(--space-6) var(--space-6);
      }
      .content > .body {
        width: 100%;
        max-width: 740px;
      }
      .close {
        flex: none;
        margin-left: var(--space-4);
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 4px;
        color: var(--fg-muted);
        font-size: 0.75rem;
        font-weight: 600;
      }
      .close .icon-btn {
        width: 36px;
        height: 36px;
        border: 2px solid var(--fg-faint);
        border-radius: 50%;
      }
      @media (max-width: 760px) {
        :host {
          flex-direction: column;
        }
        nav {
          flex: none;
          display: block;
          padding: var(--space-2);
          /* The close button sits at the top right: the scrolling section list stops short of it. */
          margin-right: 52px;
          overflow-x: auto;
        }
        nav > div {
          width: auto;
          display: flex;
          gap: 4px;
        }
        .group,
        hr {
          display: none;
        }
        nav a,
        nav button {
          white-space: nowrap;
          width: auto;
        }
        .content {
          padding: var(--space-4);
        }
        .close {
          position: absolute;
          top: 6px;
          right: 8px;
        }
        .close .icon-btn {
          background: var(--bg-side);
        }
        .close span {
          display: none;
        }
      }
    `;
