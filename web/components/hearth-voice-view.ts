import { LitElement, css, html, nothing } from "lit";
import type { CallParticipant } from "../../protocol/call-frames.ts";
import { endNotice } from "../state/call-model.ts";
import type { CallSession } from "../state/call-session.ts";
import { loadCallSession } from "../state/calls.ts";
import { can, type Channel } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { callBackgroundCss } from "../styles/call-backgrounds.ts";
import { callIcons } from "../styles/call-icons.ts";
import { icons } from "../styles/icons.ts";
import { pane } from "../styles/pane.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-call-tile.ts";

// The call machinery comes with this view, so Join never waits for it.
void loadCallSession();

/**
 * A voice channel: who is in its call as tiles (camera, screen or avatar; muted and deafened icons; a ring while
 * speaking), and either "Join voice" or, in the call, the controls: mute, deafen, camera, share screen, leave.
 * The call itself lives in CallStore, so leaving this view does not hang up (the sidebar's voice panel does).
 * Properties: `communityId`, `channelId`. No events.
 */
export class HearthVoiceView extends LitElement {
  static styles = [
    shared,
    pane,
    css`
      .stage {
        flex: 1;
        min-height: 0;
        overflow: auto;
        display: flex;
        flex-direction: column;
        gap: var(--space-4);
        padding: var(--space-4);
      }
      .tiles {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 280px), 1fr));
        gap: var(--space-3);
        align-content: center;
        width: 100%;
        max-width: 1100px;
        margin: 0 auto;
      }
      .stage.live .tiles {
        margin: auto;
      }
      /* Beside a shared screen, the people become a strip of small tiles. */
      .stage.live .screens + .tiles {
        margin: 0 auto;
        grid-template-columns: repeat(auto-fit, minmax(140px, 200px));
        justify-content: center;
      }
      /* A shared screen sits above the people, at most 60% of the view's height, so their tiles stay in sight. */
      .screens {
        list-style: none;
        margin: 0 auto;
        padding: 0;
        width: 100%;
        max-width: min(960px, calc(60vh * 16 / 9));
        display: grid;
        gap: var(--space-3);
      }
      .stage.lobby {
        justify-content: center;
        align-items: center;
        text-align: center;
      }
      .stage.lobby .note {
        align-self: stretch;
        text-align: left;
      }
      .stage.lobby .tiles {
        margin: 0 auto;
      }
      .join svg {
        width: 20px;
        height: 20px;
      }
      .stage.lobby h2 {
        font-size: 1.4rem;
        margin-bottom: var(--space-2);
      }
      .stage.lobby p {
        color: var(--fg-muted);
        margin-bottom: var(--space-4);
      }
      .join {
        min-height: 48px;
        padding: 0 var(--space-6);
        font-size: 1rem;
        background: #1f7a3d;
        color: #fff;
      }
      .join:hover:not(:disabled) {
        background: #196332;
      }
      .note {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: var(--space-2) var(--space-3);
        border-radius: var(--radius);
        background: var(--bg-raised);
        border: 1px solid var(--border);
        font-size: 0.9rem;
      }
      .note.error {
        border-color: var(--danger);
      }
      .note span {
        flex: 1;
      }
      .controls {
        flex: none;
        display: flex;
        justify-content: center;
        flex-wrap: wrap;
        gap: var(--space-3);
        padding: var(--space-3) var(--space-4) var(--space-4);
      }
      .ctl {
        display: inline-grid;
        place-items: center;
        width: 52px;
        height: 52px;
        border-radius: 50%;
        border: 1px solid var(--border);
        background: var(--bg-raised);
        color: var(--fg);
        cursor: pointer;
      }
      .ctl:hover {
        background: var(--bg-hover);
      }
      .ctl svg {
        width: 22px;
        height: 22px;
      }
      .ctl[aria-pressed="true"].off {
        background: var(--fg);
        color: var(--bg-main);
      }
      .ctl[aria-pressed="true"].on {
        background: var(--accent);
        color: var(--accent-fg);
        border-color: transparent;
      }
      .ctl.leave {
        width: 64px;
        border-radius: 26px;
        background: var(--danger);
        color: var(--danger-fg);
        border-color: transparent;
      }
      .ctl.leave:hover {
        filter: brightness(1.08);
      }
      .status {
        color: var(--fg-muted);
        font-size: 0.9rem;
        text-align: center;
      }
      /* The call's backdrop (Settings → Appearance → Call background): the stage and controls over it. */
      .room {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
      }
      .room.painted {
        --fg: #fff;
        --fg-muted: rgba(255, 255, 255, 0.82);
        color: var(--fg);
        text-shadow: 0 1px 2px rgba(0, 0, 0, 0.45);
      }
      .room.painted .note {
        background: rgba(0, 0, 0, 0.55);
        border-color: rgba(255, 255, 255, 0.25);
      }
    `,
  ];
  static properties = { communityId: {}, channelId: {} };
  declare communityId: string | null;
  declare channelId: string;
  private ctx = new Connect(this, (app) => [app.calls, app.communities, app.members, app.ui, app.prefs]);

  constructor() {
    super();
    this.communityId = null;
    this.channelId = "";
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("channelId") && this.channelId) {
      const id = this.channelId;
      queueMicrotask(() => void this.ctx.app.calls.refresh(id));
    }
  }

  private channel(): Channel | undefined {
    return this.ctx.app.communities.channel(this.channelId);
  }

  /** The call session for this channel, when this browser is in it. */
  private get session(): CallSession | null {
    const s = this.ctx.app.calls.session;
    return s && s.channelId === this.channelId && !s.ended ? s : null;
  }

  render() {
    const { ui } = this.ctx.app;
    const ch = this.channel();
    const s = this.session;
    return html`<header class="bar">
        <button class="icon-btn menu-btn" aria-label="Open navigation" @click=${() => ui.setDrawer("nav")}>${icons.menu()}</button>
        <h1>${icons.volume()} <span data-testid="channel-title">${ch?.name ?? ""}</span></h1>
      </header>
      ${this.room(s ? this.inCall(s) : this.lobby(ch))}`;
  }

  /** The stage and controls over the chosen call background, if any. */
  private room(content: unknown) {
    const { prefs } = this.ctx.app;
    const bg = callBackgroundCss(prefs.prefs.callBackground, prefs.prefs.callBackground === "custom" ? prefs.callPicture() : null);
    return html`<div class="room ${bg ? "painted" : ""}" data-testid="call-room" data-background=${bg ? prefs.prefs.callBackground : "none"} style=${bg ? `background:${bg}` : ""}>${content}</div>`;
  }

  private lobby(ch: Channel | undefined) {
    const { calls } = this.ctx.app;
    const people = calls.participants(this.channelId);
    const mayJoin = can(ch?.permissions, "CONNECT_VOICE");
    const ended = calls.lastEnd?.channelId === this.channelId ? calls.lastEnd.reason : null;
    const elsewhere = calls.session && !calls.session.ended ? this.ctx.app.communities.channel(calls.session.channelId)?.name : undefined;
    return html`<div class="stage lobby">
      ${ended ? html`<div class="note error" role="alert"><span>${endNotice(ended)}</span><button class="icon-btn" aria-label="Dismiss" @click=${() => calls.dismissEnd()}>${icons.close()}</button></div>` : nothing}
      ${people.length > 0 ? this.tiles(people, null) : nothing}
      <div>
        <h2>${ch?.name ?? "Voice channel"}</h2>
        <p>${people.length === 0 ? "No one is here yet." : people.length === 1 ? "1 person is in the call." : `${people.length} people are in the call.`}
          ${elsewhere ? html`<br />Joining leaves ${elsewhere}.` : nothing}</p>
        <button class="btn join" ?disabled=${!ch || !mayJoin} @click=${this.join}>${callIcons.mic()} Join voice</button>
        ${ch && !mayJoin ? html`<p style="margin-top:var(--space-3)">You don't have permission to join this voice channel.</p>` : nothing}
      </div>
    </div>`;
  }

  private inCall(s: CallSession) {
    const self = s.self;
    const perms = this.channel()?.permissions;
    const canVideo = self ? self.canVideo : can(perms, "VIDEO");
    const canScreen = (self ? self.canScreen : can(perms, "SCREEN_SHARE")) && typeof navigator.mediaDevices?.getDisplayMedia === "function";
    const { muted, deafened, video, screen } = s.local;
    const status = s.phase.state === "connecting" ? "Connecting…" : s.phase.state === "reconnecting" ? "Connection lost. Reconnecting…" : "";
    return html`<div class="stage live">
        ${s.notice ? html`<div class="note" role="status"><span>${s.notice}</span><button class="icon-btn" aria-label="Dismiss" @click=${() => s.dismissNotice()}>${icons.close()}</button></div>` : nothing}
        ${status ? html`<p class="status" role="status">${status}</p>` : nothing}
        ${this.tiles(s.participants, s)}
      </div>
      <div class="controls" role="group" aria-label="Call controls">
        <button class="ctl off" aria-label="Mute" title=${muted ? "Unmute" : "Mute"} aria-pressed=${muted ? "true" : "false"} @click=${() => s.toggleMute()}>${muted ? callIcons.micOff() : callIcons.mic()}</button>
        <button class="ctl off" aria-label="Deafen" title=${deafened ? "Undeafen" : "Deafen"} aria-pressed=${deafened ? "true" : "false"} @click=${() => s.toggleDeafen()}>${deafened ? callIcons.headphonesOff() : callIcons.headphones()}</button>
        ${canVideo ? html`<button class="ctl on" aria-label="Camera" title=${video ? "Turn camera off" : "Turn camera on"} aria-pressed=${video ? "true" : "false"} @click=${() => void s.toggleCamera()}>${video ? callIcons.video() : callIcons.videoOff()}</button>` : nothing}
        ${canScreen ? html`<button class="ctl on" aria-label="Share screen" title=${screen ? "Stop sharing" : "Share your screen"} aria-pressed=${screen ? "true" : "false"} @click=${() => void s.toggleScreen()}>${callIcons.screen()}</button>` : nothing}
        <button class="ctl leave" aria-label="Leave call" title="Leave call" @click=${() => s.leave()}>${callIcons.phoneOff()}</button>
      </div>`;
  }

  /** Tiles for everyone (oneself first), then a wide tile per screen being shared. */
  private tiles(people: readonly CallParticipant[], s: CallSession | null) {
    const { members } = this.ctx.app;
    const selfId = s?.selfId;
    const ordered = selfId ? [...people.filter((p) => p.id === selfId), ...people.filter((p) => p.id !== selfId)] : people;
    const screens = s ? ordered.filter((p) => s.media(p.id).screen) : [];
    // Tiles keep to about 480 px each, so one or two people are not blown up to the whole pane.
    return html`${screens.length
        ? html`<ul class="screens" aria-label="Shared screens">
            ${screens.map((p) => {
              const name = members.name(p.userId, this.communityId);
              return html`<li><hearth-call-tile data-screen=${p.userId} kind="screen" .name=${name} .seed=${p.userId} .stream=${s!.media(p.id).screen}></hearth-call-tile></li>`;
            })}
          </ul>`
        : nothing}
      <ul class="tiles" aria-label="In the call" style="max-width:${Math.min(Math.max(ordered.length, 1), 3) * 480}px">
      ${ordered.map((p) => {
        const name = members.name(p.userId, this.communityId);
        const media = s?.media(p.id);
        const isSelf = p.id === selfId;
        const muted = isSelf ? s!.local.muted : p.muted;
        const deafened = isSelf ? s!.local.deafened : p.deafened;
        return html`<li>
          <hearth-call-tile
            data-user=${p.userId}
            data-participant=${p.id}
            data-connected=${media?.connected ? "true" : "false"}
            data-muted=${muted ? "true" : "false"}
            .name=${name}
            .you=${isSelf}
            .compact=${screens.length > 0}
            .seed=${p.userId}
            .stream=${media?.camera ?? null}
            .mirrored=${isSelf}
            .speaking=${!!s?.speaking.has(p.id)}
            .muted=${muted}
            .deafened=${deafened}
          ></hearth-call-tile>
        </li>`;
      })}
    </ul>`;
  }

  private join = () => {
    const ch = this.channel();
    if (!ch) return;
    this.ctx.app.calls.join(this.channelId, this.communityId, { canSpeak: can(ch.permissions, "SPEAK") });
  };
}
customElements.define("hearth-voice-view", HearthVoiceView);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-voice-view": HearthVoiceView;
  }
}
