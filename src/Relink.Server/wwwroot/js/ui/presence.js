// Friends' presence in the views: a dot for a friend who is online or offline (none when they hide it), the "last
// seen …" line, and the settings choice of who sees this user's own. The dot carries its meaning in words too (a
// visually hidden text), since a colour alone says nothing to a screen reader or to someone who cannot tell it.

import { PresenceAudience } from '../sdk/index.js';
import { h } from './dom.js';

/** The dot for a friend's presence, or null when they do not share it (nothing to show, not even "offline"). */
export function presenceDot(presence) {
  if (!presence || presence.state === 'hidden') {
    return null;
  }
  const words = presence.state === 'online' ? 'online' : 'offline';
  return h('span', { className: `presence-dot ${words}`, dataset: { testid: 'presence-dot', state: words }, title: words === 'online' ? 'Online' : 'Offline' },
    h('span', { className: 'visually-hidden' }, ` (${words})`));
}

/** "online", "last seen 5 min ago", "last seen today at 14:02", …; '' when the friend hides it or it is unknown. */
export function lastSeenText(presence, now = new Date()) {
  if (!presence || presence.state === 'hidden') {
    return '';
  }
  if (presence.state === 'online') {
    return 'online';
  }
  const seen = presence.lastSeen;
  if (!seen) {
    return 'offline';
  }
  const minutes = Math.floor((now.getTime() - seen.getTime()) / 60000);
  if (minutes < 1) {
    return 'last seen just now';
  }
  if (minutes < 60) {
    return `last seen ${minutes} min ago`;
  }
  const time = seen.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (seen.toDateString() === now.toDateString()) {
    return `last seen today at ${time}`;
  }
  return `last seen ${seen.toLocaleDateString([], { day: 'numeric', month: 'short' })} at ${time}`;
}

/** The settings choice: who sees when this user is online (everyone, friends, nobody), kept by the server. */
export class PresenceSettings {
  #select = h('select', { id: 'presence-audience', dataset: { testid: 'presence-audience' } },
    h('option', { value: PresenceAudience.EVERYONE }, 'Everyone'),
    h('option', { value: PresenceAudience.FRIENDS }, 'My friends'),
    h('option', { value: PresenceAudience.NOBODY }, 'Nobody'));
  #note = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  element = h('section', { className: 'settings', attrs: { 'aria-labelledby': 'settings-title' } },
    h('h3', { className: 'section-title', id: 'settings-title' }, 'Settings'),
    h('label', { className: 'field', htmlFor: 'presence-audience' }, 'Who sees when I am online'),
    this.#select,
    this.#note);

  /** @param {import('../sdk/index.js').ChatClient} chat */
  constructor(chat) {
    const show = () => { this.#select.value = chat.presence.audience; };
    this.#select.addEventListener('change', async () => {
      this.#note.textContent = '';
      try {
        await chat.setPresenceAudience(this.#select.value);
      } catch (e) {
        this.#note.textContent = e.message;
      }
      show();
    });
    chat.presence.addEventListener('audience', show);
    show();
  }
}
