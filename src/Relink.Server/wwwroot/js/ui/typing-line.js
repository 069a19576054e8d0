// "Alice is typing…" under the open conversation's messages: who is typing there now, from the SDK's typing state
// (which expires each typist by the time to live of their last signal). A polite live region that changes only
// when the set of typists changes (a renewed signal changes nothing), so a screen reader hears each start once.

import { h } from './dom.js';

/**
 * The line for a list of typists: one or two by name, more by count; '' for none. Names go in alphabetical order,
 * so the line does not flip between "Bob and Carol" and "Carol and Bob" as their signals arrive.
 */
export function typingText(typists) {
  const names = typists.map((u) => u.nickname || u.userId).sort((a, b) => a.localeCompare(b));
  switch (names.length) {
    case 0: return '';
    case 1: return `${names[0]} is typing…`;
    case 2: return `${names[0]} and ${names[1]} are typing…`;
    default: return `${names.length} people are typing…`;
  }
}

export class TypingLine {
  element = h('div', { className: 'typing-line', dataset: { testid: 'typing' }, attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  #chat;

  /** @param {import('../sdk/index.js').ChatClient} chat */
  constructor(chat) {
    this.#chat = chat;
    chat.typing.addEventListener('change', (e) => {
      if (e.detail.conversationId === chat.state.openConversationId) {
        this.#render();
      }
    });
    chat.state.addEventListener('open', () => this.#render());
    this.#render();
  }

  #render() {
    const open = this.#chat.state.openConversationId;
    const text = open ? typingText(this.#chat.typing.typingIn(open)) : '';
    if (this.element.textContent !== text) {
      this.element.textContent = text;
    }
  }
}
