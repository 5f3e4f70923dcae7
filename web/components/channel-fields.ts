/**
 * The fields both "Create channel" dialogs share (the sidebar's, hearth-create-channel, and Community settings →
 * Channels): the type, the name, and for a text channel whether it is end-to-end encrypted. The host keeps the
 * chosen type (`kind`) so the encryption choice shows only where it applies. Encryption is chosen once, at creation:
 * the server has no way to turn it on or off later (docs/encryption.md).
 */
import { css, html, nothing } from "lit";
import { CHANNEL_NAME_MAX, MAX_ENCRYPTED_AUDIENCE } from "../../protocol/limits.ts";
import { icons } from "../styles/icons.ts";

export type ChannelKind = "text" | "voice";

export interface ChannelFieldValues {
  kind: ChannelKind;
  /** The name as typed; the dialogs turn it into a slug (channelSlug). */
  name: string;
  encrypted: boolean;
}

/** What the fields need besides the shared styles and switchStyles (web/styles/manage.ts). */
export const channelFieldStyles = css`
  .kind svg {
    width: 16px;
    height: 16px;
    color: var(--fg-muted);
  }
  .encrypt {
    margin-bottom: var(--space-4);
  }
  .toggle {
    display: flex;
    align-items: center;
    gap: var(--space-2);
    min-height: 40px;
    font-weight: 500;
    cursor: pointer;
  }
  .toggle svg {
    width: 16px;
    height: 16px;
  }
`;

/** Channel names as Discord writes them: lower case, spaces become dashes. */
export function channelSlug(input: string): string {
  return input.trim().toLowerCase().replace(/\s+/g, "-").slice(0, 100);
}

/** The type radios, the name input (`#channel-name`) and, for text, the encryption switch (`#channel-encrypted`). */
export function channelFields(kind: ChannelKind, onKind: (kind: ChannelKind) => void) {
  const pick = (e: Event) => onKind((e.target as HTMLInputElement).value as ChannelKind);
  return html`<div class="field">
      <span class="label" id="channel-kind-l">Channel type</span>
      <div class="row kind" role="radiogroup" aria-labelledby="channel-kind-l">
        <label class="row" style="gap:6px"><input type="radio" name="kind" value="text" .checked=${kind === "text"} @change=${pick} />${icons.hash()} Text</label>
        <label class="row" style="gap:6px"><input type="radio" name="kind" value="voice" .checked=${kind === "voice"} @change=${pick} />${icons.volume()} Voice</label>
      </div>
    </div>
    <div class="field"><label for="channel-name">Channel name</label><input id="channel-name" type="text" maxlength=${CHANNEL_NAME_MAX} placeholder="new-channel" autocomplete="off" /></div>
    ${kind === "text"
      ? html`<div class="encrypt">
          <label class="toggle">
            <span class="switch"><input id="channel-encrypted" type="checkbox" role="switch" aria-describedby="channel-encrypted-hint" /><span class="track"></span></span>
            ${icons.lock()} End-to-end encrypted
          </label>
          <p class="hint" id="channel-encrypted-hint">
            Only the devices of people who can read the channel can read its messages and files; the server can't. It
            can't be searched, shows no link previews or GIF search, and reaches at most ${MAX_ENCRYPTED_AUDIENCE}
            readers. This can't be changed later.
          </p>
        </div>`
      : nothing}`;
}

/** What the fields hold now. */
export function readChannelFields(root: HTMLElement | DocumentFragment): ChannelFieldValues {
  return {
    kind: (root.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value ?? "text") as ChannelKind,
    name: root.querySelector<HTMLInputElement>("#channel-name")?.value ?? "",
    encrypted: root.querySelector<HTMLInputElement>("#channel-encrypted")?.checked ?? false,
  };
}
