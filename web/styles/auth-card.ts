/** The centred card the signed-out screens (login, register, recover, invite) share. */
import { css, html, type TemplateResult } from "lit";
import { icons } from "./icons.ts";

export const authCard = css`
  :host {
    display: grid;
    place-items: center;
    min-height: 100%;
    padding: var(--space-5) var(--space-4);
    background:
      radial-gradient(1200px 600px at 10% -10%, color-mix(in srgb, var(--accent) 28%, transparent), transparent 60%),
      radial-gradient(900px 500px at 110% 110%, color-mix(in srgb, var(--accent) 18%, transparent), transparent 60%),
      var(--bg-rail);
    overflow-y: auto;
    height: 100%;
  }
  main {
    width: 100%;
    max-width: 440px;
    background: var(--bg-main);
    border: 1px solid var(--border);
    border-radius: var(--radius-l);
    box-shadow: var(--shadow);
    padding: var(--space-6);
  }
  .brand {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    margin-bottom: var(--space-5);
    color: var(--fg);
    font-weight: 800;
    font-size: 1.05rem;
    letter-spacing: -0.01em;
  }
  .brand .mark {
    display: grid;
    place-items: center;
    width: 34px;
    height: 34px;
    border-radius: 10px;
    background: var(--accent);
    color: var(--accent-fg);
  }
  .brand svg {
    width: 20px;
    height: 20px;
  }
  h1 {
    font-size: 1.5rem;
    margin-bottom: var(--space-1);
  }
  .lead {
    color: var(--fg-muted);
    margin-bottom: var(--space-5);
  }
  form {
    display: block;
  }
  .actions {
    margin-top: var(--space-5);
  }
  .foot {
    margin-top: var(--space-4);
    font-size: 0.9rem;
    color: var(--fg-muted);
    display: flex;
    flex-wrap: wrap;
    gap: var(--space-2) var(--space-4);
    justify-content: space-between;
  }
  .legal {
    margin: var(--space-3) 0 0;
    font-size: 0.8rem;
    color: var(--fg-muted);
  }
  @media (max-width: 520px) {
    main {
      padding: var(--space-5) var(--space-4);
      border-radius: var(--radius);
    }
  }
`;

export function brand(): TemplateResult {
  return html`<div class="brand"><span class="mark">${icons.flame()}</span><span>Hearth</span></div>`;
}

/** A human sentence for an auth error, by code (the server's message is the fallback). */
export function describeError(e: unknown): string {
  const err = e as { code?: string; message?: string; details?: Record<string, unknown> };
  switch (err.code) {
    case "account_locked": {
      const until = typeof err.details?.lockedUntil === "string" ? new Date(err.details.lockedUntil) : null;
      return until ? `Too many failed attempts. This account is locked until ${until.toLocaleTimeString()}.` : (err.message ?? "Locked.");
    }
    case "rate_limited":
      return "Slow down a little: too many attempts. Try again in a few seconds.";
    case "network_error":
      return "Can't reach the server. Check your connection and try again.";
    default:
      return err.message ?? "Something went wrong. Please try again.";
  }
}
