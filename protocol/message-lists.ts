/** Shapes of the REST lists about a channel's messages (docs/api/messages.md), shared by the Worker and the client. */
import type { AuthorView, MessageView } from "./frames.ts";

/** A pinned message: the message as history shows it, with its author and who pinned it. */
export interface PinView extends MessageView {
  author?: AuthorView;
  pinnedBy: string | null;
}

/** `GET /channels/:id/messages/:messageId`: one message (a tombstone when deleted), e.g. to find a reply's original. */
export interface SingleMessage {
  message: MessageView & { author?: AuthorView };
}

/** `GET /channels/:id/pins`: most recently pinned first; `hasMore` when `before=<last id>` has another page. */
export interface PinsPage {
  pins: PinView[];
  hasMore: boolean;
}

/** `GET /channels/:id/messages/:messageId/reactions/:emoji`: who reacted, first to react first, capped. */
export interface ReactorsList {
  emoji: string;
  count: number;
  users: AuthorView[];
  hasMore: boolean;
}

/**
 * `GET /channels/:id/search?q=`: matching messages, newest first, among those read so far. `nextBeforeSeq`: pass it
 * as `beforeSeq` to go on (null: the whole channel was searched); `searchedFromSeq`: the oldest seq this page covers.
 */
export interface SearchPage {
  results: Array<MessageView & { author?: AuthorView }>;
  nextBeforeSeq: number | null;
  searchedFromSeq: number;
}
