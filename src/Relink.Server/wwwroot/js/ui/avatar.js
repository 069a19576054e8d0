// A head drawn as a coloured circle with initials: the colour comes from the head id (or the user or group id),
// the letters from the name. No image files, nothing fetched.

import { h } from './dom.js';

const COLOURS = ['#e57373', '#f06292', '#ba68c8', '#7986cb', '#4fc3f7', '#4db6ac', '#81c784', '#dce775', '#ffb74d', '#a1887f', '#90a4ae', '#9575cd'];

/** FNV-1a: short ids that differ in one letter still land on different colours. */
function hash(text) {
  let value = 0x811c9dc5;
  for (const char of text) {
    value = Math.imul(value ^ char.codePointAt(0), 0x01000193) >>> 0;
  }
  return value;
}

export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return '?';
  }
  const letters = words.length === 1 ? [[...words[0]][0]] : [[...words[0]][0], [...words[1]][0]];
  return letters.join('').toUpperCase();
}

/** @param {{ name: string, seed: string, size?: 'small' | 'normal' | 'large' }} options */
export function avatar({ name, seed, size = 'normal' }) {
  const circle = h('span', { className: `avatar avatar-${size}`, attrs: { 'aria-hidden': 'true' } }, initials(name));
  circle.style.backgroundColor = COLOURS[hash(seed || name) % COLOURS.length];
  return circle;
}
