// Web addresses in a message become links; everything else stays text. Only http: and https: addresses are
// linked (never javascript:, data: or anything else), each opens in a new tab without handing the page a
// reference to this one (rel="noopener noreferrer"), and the link's text is the address exactly as typed: a
// message's markup stays visible text, because the parts go into the DOM as text nodes and href properties.

import { h } from './dom.js';

// A run of non-space characters starting with http:// or https://.
const ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
// Sentence punctuation right after an address belongs to the sentence ("see https://x.org/a.").
const TRAILING = /[.,;:!?'")\]}]+$/;

/**
 * The message text as text and link parts, for h(): strings stay strings, addresses become <a> elements.
 * @param {string} text
 * @returns {(string | HTMLAnchorElement)[]}
 */
export function linkify(text) {
  const parts = [];
  let from = 0;
  for (const match of text.matchAll(ADDRESS)) {
    let address = match[0];
    const trailing = address.match(TRAILING)?.[0] ?? '';
    address = address.slice(0, address.length - trailing.length);
    const url = safeUrl(address);
    if (!url) {
      continue;
    }
    parts.push(text.slice(from, match.index));
    parts.push(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', dataset: { testid: 'link' } }, address));
    from = match.index + address.length;
  }
  parts.push(text.slice(from));
  return parts.filter((part) => part !== '');
}

/** The address as a URL string when it parses and is http or https; null otherwise. */
function safeUrl(address) {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
