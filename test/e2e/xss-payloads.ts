/**
 * Hostile strings for the XSS test: classic and mutation-XSS vectors, markdown-specific ones (javascript: links,
 * image syntax, code fences, spoilers, quotes), and mention look-alikes. Each would call `__xss(n)` or leave an
 * element marked `data-xss` if it ever ran or was injected.
 */
export const XSS_PAYLOADS: string[] = [
  `<script>__xss(1)</script>`,
  `<img src=x onerror="__xss(2)" data-xss>`,
  `<svg onload="__xss(3)" data-xss>`,
  `"><img src=x onerror=__xss(4) data-xss>`,
  `[click me](javascript:__xss(5))`,
  `<a href="javascript:__xss(6)" data-xss>link</a>`,
  `<iframe src="javascript:__xss(7)" data-xss></iframe>`,
  `<body onload=__xss(8) data-xss>`,
  `<details open ontoggle=__xss(9) data-xss>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=__xss(10) data-xss>`,
  `<style>*{background:url("javascript:__xss(11)")}</style>`,
  `<input autofocus onfocus=__xss(12) data-xss>`,
  `<video><source onerror="__xss(13)" data-xss></video>`,
  `<object data="javascript:__xss(14)" data-xss></object>`,
  `<embed src="javascript:__xss(15)" data-xss>`,
  `<form action="javascript:__xss(16)"><button data-xss>go</button></form>`,
  `<marquee onstart=__xss(17) data-xss>m</marquee>`,
  "`<img src=x onerror=__xss(18) data-xss>`",
  "```html\n<img src=x onerror=__xss(19) data-xss>\n```",
  `![x](x" onerror="__xss(20))`,
  `<<script>script>__xss(21)<</script>/script>`,
  `<scr<script>ipt>__xss(22)</script>`,
  `<IMG SRC=JaVaScRiPt:__xss(23) data-xss>`,
  `<a href="&#106;avascript:__xss(24)" data-xss>x</a>`,
  `[x](&#106;avascript:__xss(25))`,
  `||<img src=x onerror=__xss(26) data-xss>||`,
  `> <img src=x onerror=__xss(27) data-xss>`,
  `<@"><img src=x onerror=__xss(28) data-xss>>`,
  `<div style="background:url(javascript:__xss(29))" data-xss>d</div>`,
  `<template><img src=x onerror=__xss(30) data-xss></template>`,
  `<noscript><p title="</noscript><img src=x onerror=__xss(31) data-xss>">`,
  `<svg><animate onbegin=__xss(32) attributeName=x dur=1s data-xss>`,
  `<base href="javascript:__xss(33)//">`,
  `" onmouseover="__xss(34)" data-xss="`,
  `**<img src=x onerror=__xss(35) data-xss>**`,
  `[<img src=x onerror=__xss(36) data-xss>](https://example.invalid)`,
];

/** Short ones, for fields with small limits (display names: 64 characters). */
export const SHORT_PAYLOADS = XSS_PAYLOADS.filter((p) => p.length <= 64);
