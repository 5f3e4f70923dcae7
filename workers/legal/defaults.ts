/**
 * The terms and privacy notice an instance shows until its admins write their own (Admin → Settings → Legal):
 * plain statements of what this software does, for the person running the server to adapt.
 */

/**
 * Markdown as written here, wrapped for reading in source, made into one line per paragraph and per list item: the
 * client renders a line break as a line break (chat style).
 */
function unwrap(text: string): string {
  return text.replace(/(?<!\n)\n(?!\n|#|- )(?=\S)/g, " ").replace(/\n {2,}/g, " ");
}

export const DEFAULT_TERMS = unwrap(`# Terms of service

This server runs Hearth, a self-hosted chat application. The people who run it set these terms; until they write
their own, these apply.

## Your account
- You are responsible for what you post and for keeping your password and recovery code safe.
- The administrators may suspend or delete accounts that break these terms or the law.

## What you post
- Do not post anything illegal, threatening, or that you have no right to share.
- Community moderators may remove messages and members in their communities; the administrators may do so
  anywhere on this server.
- Deleting a message removes its text and files from the server. Copies other people made (screenshots, forwards,
  their own devices) are beyond anyone's control.

## The service
- The server is provided as is, without a promise that it will always be available or that nothing is ever lost.
- These terms may change; the date of the latest change is shown on this page.
`);

export const DEFAULT_PRIVACY = unwrap(`# Privacy notice

This server runs Hearth. This notice says what it stores and who can see it. The people who run the server may
replace it with their own.

## What the server stores
- Your account: username, display name, profile picture, a hash of your password (never the password itself) and
  your sign-in sessions with the address and browser they came from.
- What you post in communities and in unencrypted conversations: messages, files, reactions, polls and votes.
- For end-to-end-encrypted conversations (direct and group messages): only ciphertext the server cannot read,
  plus who is in the conversation, when messages were sent and how large they are.

## Who can see it
- Other people see what you post where they are allowed to read it.
- The administrators of this server can read everything that is not end-to-end encrypted.
- Link previews are fetched by the server, not by your browser, so linked sites do not see your address.

## Your choices
- You can download a copy of your data and delete your account in Settings → Account.
- Deleting your account removes your personal data; your messages stay, attributed to "Deleted user".

No analytics, trackers or advertising are built into Hearth.
`);
