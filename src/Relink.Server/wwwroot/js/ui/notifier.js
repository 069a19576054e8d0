// Desktop notifications: while this tab is hidden, a new message from someone else shows a notification (one per
// conversation: a newer message replaces the older one); clicking it brings the tab forward with that conversation
// open. Off until the user turns it on with the bell in the rail, a click being the gesture browsers require before
// they ask for permission. The choice is kept per browser (localStorage).

import { MessageType } from '../sdk/index.js';
import { nameOf } from './emoji.js';

const PREFERENCE = 'relink.notify';

export class Notifier {
  #chat;
  #button;
  #onOpen;
  #onNote;
  #enabled;

  /**
   * @param {import('../sdk/index.js').ChatClient} chat
   * @param {HTMLButtonElement} button the bell
   * @param {{ onOpen: (conversationId: string) => void, onNote: (text: string) => void }} actions
   */
  constructor(chat, button, { onOpen, onNote }) {
    this.#chat = chat;
    this.#button = button;
    this.#onOpen = onOpen;
    this.#onNote = onNote;
    if (typeof Notification === 'undefined') {
      return; // no Notification API (an old or locked-down browser): no bell
    }
    this.#enabled = readPreference() && Notification.permission === 'granted';
    button.hidden = false;
    button.addEventListener('click', () => void this.#toggle());
    chat.state.addEventListener('messages', (e) => {
      if (!e.detail.prepended && e.detail.messages) {
        this.#notify(e.detail.conversationId, e.detail.messages);
      }
    });
    this.#render();
  }

  async #toggle() {
    if (this.#enabled) {
      this.#enabled = false;
    } else if (Notification.permission === 'granted') {
      this.#enabled = true;
    } else if (Notification.permission === 'denied') {
      this.#onNote('Notifications are blocked for this site: allow them in the browser\'s site settings.');
    } else {
      this.#enabled = (await Notification.requestPermission()) === 'granted';
    }
    writePreference(this.#enabled);
    this.#render();
  }

  #render() {
    this.#button.setAttribute('aria-pressed', String(this.#enabled));
    this.#button.title = this.#enabled
      ? 'Notifications on: new messages show while this tab is hidden (click to turn off)'
      : 'Desktop notifications for new messages while this tab is hidden';
  }

  #notify(conversationId, messages) {
    const me = this.#chat.me?.userId;
    const latest = messages.filter((m) => m.sender.userId !== me).at(-1);
    if (!this.#enabled || !latest || document.visibilityState !== 'hidden' || Notification.permission !== 'granted') {
      return;
    }
    const talk = this.#chat.state.talks.get(conversationId);
    const sender = latest.sender.nickname || latest.sender.userId;
    const text = latest.type === MessageType.EMOJI ? nameOf(latest.text) : latest.text;
    const group = talk && talk.name !== sender && talk.peer.kind !== 'CONVERSATION_KIND_DIRECT';
    const notification = new Notification(group ? talk.name : sender, {
      body: group ? `${sender}: ${text}` : text,
      tag: conversationId, // a newer message of the same conversation replaces this one
      icon: 'icons/relink-192.png',
    });
    notification.addEventListener('click', () => {
      window.focus();
      this.#onOpen(conversationId);
      notification.close();
    });
  }
}

function readPreference() {
  try {
    return localStorage.getItem(PREFERENCE) === 'on';
  } catch {
    return false; // storage disabled: ask again each visit
  }
}

function writePreference(on) {
  try {
    localStorage.setItem(PREFERENCE, on ? 'on' : 'off');
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}
