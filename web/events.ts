/**
 * Every custom event an element sends, with its detail type, declared once. Send through `emit` so the name and
 * the detail type always agree.
 */

export interface HearthEvents {
  /** A dialog was confirmed; the opener decides what happens. */
  "dialog-confirm": void;
  /** A dialog was dismissed (Escape, backdrop, Cancel). */
  "dialog-close": void;
  /** The person saved the recovery code and ticked the box. */
  "recovery-acknowledged": void;
  /** Recovery key form: the key backup opened on this browser; `count` devices' keys came back. */
  "recovery-key-recovered": { count: number };
  /** Recovery key form (compact): the person closed it. */
  "recovery-key-cancel": void;
  /** Composer: send this text (mentions already turned into <@id>). */
  "composer-send": { content: string };
  /** Composer: the person is typing (throttled by the channel session). */
  "composer-typing": void;
  /** Composer: Up arrow in an empty composer: edit my last message. */
  "composer-edit-last": void;
  /** Composer: the text changed (kept as the channel's draft). */
  "composer-draft": { text: string };
  /** Composer: files chosen, pasted or dropped, to upload into the tray (the channel view decides). */
  "composer-attach": { files: File[] };
  /** Picture picker: an image was chosen (already checked to be one the server takes). */
  "picture-chosen": { file: File };
  /** Picture picker: Remove was pressed. */
  "picture-remove": void;
  /** Composer: take a file out of the tray (cancels its upload or deletes the unsent file). */
  "upload-remove": { key: string };
  /** Composer: try a failed upload again. */
  "upload-retry": { key: string };
  /** Attachment or link preview: it took its real size (an image or video loaded), so the list can stay at the bottom. */
  "attachment-resized": void;
  /** GIF picker: send this GIF (its own address, which previews as the picture). */
  "gif-picked": { url: string };
  /** Composer: leave reply mode. */
  "composer-cancel-reply": void;
  /** Message: start replying to it. */
  "message-reply": { messageId: string };
  /** Message: forward it to another conversation (hearth-forward-dialog). */
  "message-forward": { messageId: string };
  /** Forward dialog: send it there. */
  "forward-to": { channelId: string; communityId: string | null };
  /** Message: open the inline editor on it. */
  "message-edit": { messageId: string };
  /** Message: save an edit (empty content means: ask to delete). */
  "message-edit-save": { messageId: string; content: string };
  /** Message: leave the inline editor. */
  "message-edit-cancel": { messageId: string };
  /** Message: delete it; cancelable so the list can confirm first (Shift+click skips the confirmation). */
  "message-delete-request": { messageId: string; skipConfirm: boolean };
  /** Message: add or remove my reaction. */
  "message-react": { messageId: string; emoji: string; add: boolean };
  /** Message: pin or unpin. */
  "message-pin": { messageId: string; pin: boolean };
  /** Message: scroll to another message (a reply's quote was clicked). */
  "message-jump": { messageId: string };
  /** Message: report it to the moderators. */
  "message-report": { messageId: string };
  /** Message: open the reaction picker for it. */
  "message-pick-reaction": { messageId: string; anchor: DOMRect };
  /** Message: a reaction chip is pointed at: load who reacted with `emoji` (the chip shows `count`). */
  "reaction-who": { messageId: string; emoji: string; count: number };
  /** Pins panel: go to a pinned message (`seq` lets the list load history around it). */
  "pin-jump": { messageId: string; seq: number };
  /** Pins panel: load the next (older) page / try again after an error. */
  "pins-more": void;
  "pins-retry": void;
  /** Search panel: run this query in the open channel (blank clears). */
  "search-query": { q: string };
  /** Search panel: jump to a result. */
  "search-jump": { messageId: string; seq: number };
  /** Search panel: the next page of results. */
  "search-more": void;
  /** Pending message: send again / throw away. */
  "pending-retry": { nonce: string };
  "pending-discard": { nonce: string };
  /** Emoji picker: chosen. */
  "emoji-picked": { emoji: string };
  /** Encryption: show the conversation's devices to compare and verify them (a device notice, the warning). */
  "trust-review": void;
  /** Encryption: send what was held back for an unverified device, accepting its current devices unverified. */
  "trust-send-anyway": void;
  /** A user's name was clicked (message author, member list). */
  "user-open": { userId: string; anchor: DOMRect };
  /** A thread's chip, list row or sidebar entry: open that thread. */
  "thread-open": { threadId: string };
  /** Message action or threads panel: start a thread from this message (null: from the channel itself). */
  "thread-create-request": { messageId: string | null };
  /** Threads panel: load the list again after an error. */
  "threads-retry": void;
  /** Thread header menu: rename it / archive or unarchive it / delete it (the view asks and acts). */
  "thread-rename-request": void;
  "thread-archive-request": { archived: boolean };
  "thread-delete-request": void;
  /** Notification menu: how this channel or community notifies (a level, "muted", or null for the default). */
  "notify-choose": { choice: "all" | "mentions" | "muted" | null };
  /** Composer: open the poll dialog. */
  "poll-create-request": void;
  /** Poll dialog: post this poll (checked: web/state/polls.ts checkPollDraft). */
  "poll-compose": { question: string; answers: string[]; multiSelect: boolean; durationHours: number | null; anonymous: boolean };
  /** Poll: set my answers to it (indexes; empty takes my vote back). */
  "poll-vote": { messageId: string; answers: number[] };
  /** Poll: end it now (its author or a moderator); the view asks first. */
  "poll-end-request": { messageId: string };
  /** Group DM people panel: add people / rename the conversation / leave it (the channel view asks and acts). */
  "dm-add-request": void;
  "dm-rename-request": void;
  "dm-leave-request": void;
}

type HearthEventMap = { [K in keyof HearthEvents]: CustomEvent<HearthEvents[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends HearthEventMap {}
}

/** Dispatches a typed, bubbling, composed event from `el`. Returns false when a listener cancelled it. */
export function emit<K extends keyof HearthEvents>(el: HTMLElement, name: K, detail: HearthEvents[K], opts: { cancelable?: boolean } = {}): boolean {
  return el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: opts.cancelable ?? false }));
}
