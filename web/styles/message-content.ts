/** How rendered markdown looks inside a message (and in previews). */
import { css } from "lit";

export const messageContent = css`
  .content {
    overflow-wrap: anywhere;
    line-height: 1.45;
    white-space: normal;
  }
  .content p {
    margin: 0;
  }
  .content p + p {
    margin-top: 0.35em;
  }
  /* The "(edited)" mark sits on the last line of text, not below it. */
  .content > p:last-of-type {
    display: inline;
  }
  .content code {
    font-family: var(--mono);
    font-size: 0.86em;
    background: var(--code-bg);
    border-radius: 4px;
    padding: 0.1em 0.3em;
  }
  .content pre {
    margin: 6px 0;
    max-width: 100%;
    overflow-x: auto;
    background: var(--code-bg);
    border: 1px solid var(--border);
    border-radius: var(--radius-s);
    padding: 8px 10px;
  }
  .content pre code {
    background: none;
    padding: 0;
    font-size: 0.84em;
    line-height: 1.5;
    white-space: pre;
  }
  .content blockquote {
    margin: 4px 0;
    padding: 0 0 0 12px;
    border-left: 4px solid var(--fg-faint);
    color: var(--fg);
  }
  .content ul,
  .content ol {
    margin: 4px 0;
    padding-left: 1.5em;
  }
  .content h1,
  .content h2,
  .content h3 {
    margin: 8px 0 4px;
    line-height: 1.3;
  }
  .content h1 {
    font-size: 1.4em;
  }
  .content h2 {
    font-size: 1.2em;
  }
  .content h3 {
    font-size: 1.05em;
  }
  .content a {
    color: var(--link);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  /* A community's emoji in the text: the height of a line, as a Unicode emoji; a deleted one shows its :name:. */
  .content .emoji-custom {
    height: 1.375em;
    width: auto;
    max-width: 4em;
    vertical-align: -0.35em;
    object-fit: contain;
  }
  .content .mention {
    background: color-mix(in srgb, var(--accent) 22%, transparent);
    color: var(--fg);
    border-radius: 3px;
    padding: 0 2px;
    font-weight: 600;
  }
  .content .spoiler {
    background: var(--fg-faint);
    color: transparent;
    border-radius: 3px;
    cursor: pointer;
    transition: background var(--transition);
  }
  .content .spoiler > * {
    visibility: hidden;
  }
  .content .spoiler.revealed {
    background: var(--bg-active);
    color: inherit;
    cursor: text;
  }
  .content .spoiler.revealed > * {
    visibility: visible;
  }
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-built_in,
  .hljs-meta .hljs-keyword {
    color: var(--code-keyword);
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-addition,
  .hljs-attribute {
    color: var(--code-string);
  }
  .hljs-number,
  .hljs-literal,
  .hljs-symbol {
    color: var(--code-number);
  }
  .hljs-comment,
  .hljs-quote,
  .hljs-deletion {
    color: var(--code-comment);
    font-style: italic;
  }
  .hljs-title,
  .hljs-section,
  .hljs-function .hljs-title,
  .hljs-name {
    color: var(--code-title);
  }
  .hljs-type,
  .hljs-class .hljs-title,
  .hljs-attr,
  .hljs-variable,
  .hljs-template-variable,
  .hljs-params {
    color: var(--code-type);
  }
`;
