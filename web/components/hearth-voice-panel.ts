import { LitElement, css, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import { callIcons } from "../styles/call-icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * "Voice connected", above the user panel while this browser is in a call (as in Discord): the state of the
 * connection, the channel and community (a link back to the call), mute, and Disconnect. It keeps the call in
 * reach while the person reads text channels. Renders nothing outside a call. No inputs or events.
 */
export class HearthVoicePanel extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .panel {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: var(--space-2) var(--space-2) var(--space-2) var(--space-3);
        border-top: 1px solid var(--border);
        background: color-mix(in srgb, var(--bg-rail) 70%, var(--bg-side));
      }
      .info {
        flex: 1;
        min-width: 0;
        line-height: 1.25;
      }
      .state {
        display: block;
        font-size: 0.85rem;
        font-weight: 700;
        color: var(--success);
      }
      .state.pending {
        color: var(--warning);
      }
      a {
        display: block;
        font-size: 0.78rem;
        color: var(--fg-muted);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        text-decoration: none;
      }
      a:hover {
        color: var(--fg);
        text-decoration: underline;
      }
      .icon-btn[aria-pressed="true"] {
        color: var(--danger);
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.calls, app.communities]);

  render() {
    const { calls, communities } = this.ctx.app;
    const s = calls.session;
    if (!s || s.ended) return nothing;
    const ch = communities.channel(s.channelId);
    const community = s.communityId ? communities.community(s.communityId) : undefined;
    const state = s.phase.state === "connected" ? "Voice connected" : s.phase.state === "reconnecting" ? "Reconnecting…" : "Connecting…";
    return html`<section class="panel" aria-label="Voice call" data-testid="voice-panel">
      <div class="info">
        <span class="state ${s.phase.state === "connected" ? "" : "pending"}" role="status">${state}</span>
        <a href="/c/${s.communityId}/${s.channelId}" title="Go to the call">${ch?.name ?? "Voice"}${community ? ` / ${community.name}` : ""}</a>
      </div>
      <button class="icon-btn" aria-label="Mute" title=${s.local.muted ? "Unmute" : "Mute"} aria-pressed=${s.local.muted ? "true" : "false"} @click=${() => s.toggleMute()}>${s.local.muted ? callIcons.micOff() : callIcons.mic()}</button>
      <button class="icon-btn" aria-label="Disconnect" title="Disconnect" @click=${() => s.leave()}>${callIcons.phoneOff()}</button>
    </section>`;
  }
}
customElements.define("hearth-voice-panel", HearthVoicePanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-voice-panel": HearthVoicePanel;
  }
}
