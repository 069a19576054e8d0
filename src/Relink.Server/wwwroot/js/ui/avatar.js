// A head drawn as a coloured circle with initials: the colour comes from the head id (or the user or group id),
// the letters from the name. No image files, nothing fetched.

import { h } from './dom.js';

// Deep enough that the white initials keep 4.5:1 contrast (WCAG AA) on every one of them.
const COLOURS = ['#c62828', '#ad1457', '#7b1fa2', '#4527a0', '#283593', '#1565c0', '#00695c', '#2e7d32', '#8d4004', '#5d4037', '#455a64', '#b71c1c'];

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
