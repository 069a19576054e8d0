// The friends tab: user search ("people you may know" when the box is empty) with add buttons, the groups
// (create one, join one by id), the friends; selecting a friend or group shows its card
// with "Send message" (and for a friend, "Remove friend" and "Block": friend-actions.js). Escape closes an open
// group form.

import { Kind } from '../sdk/index.js';
import { avatar } from './avatar.js';
import { h, replaceChildren } from './dom.js';
import { friendActions } from './friend-actions.js';
import { GroupPanel } from './group-panel.js';
import { lastSeenText, presenceDot } from './presence.js';

const SEARCH_DELAY_MS = 250;

export class FriendsView {
  #chat;
  #detail;
  #onOpenTalk;
  #onSelect;
  #search = h('input', {
    type: 'search', className: 'search-input', placeholder: 'Search users by id or nickname', autocomplete: 'off',
    dataset: { testid: 'user-search' }, attrs: { 'aria-label': 'Search users by id or nickname' },
  });
  #resultsTitle = h('h3', { className: 'section-title', dataset: { testid: 'search-title' } });
  #results = h('ul', { className: 'people', dataset: { testid: 'search-results' } });
  #groups = h('ul', { className: 'people', dataset: { testid: 'groups' } });
  #friends = h('ul', { className: 'people', dataset: { testid: 'friends' } });
  #note = h('p', { className: 'form-error', attrs: { role: 'alert' } });
  #createForm;
  #joinForm;
  #openers = new Map(); // group form -> the button that opens it
  #searchTimer = null;
  #searchGeneration = 0;
  #selected = null; // { kind, id }
  #groupPanel;

  /**
   * @param {HTMLElement} listElement the list pane's friends section
   * @param {HTMLElement} detailElement the main pane's card area
   * @param {import('../sdk/index.js').ChatClient} chat
   * @param {{ onOpenTalk: (conversationId: string) => void, onSelect: () => void }} actions onSelect: a card is shown
   */
  constructor(listElement, detailElement, chat, { onOpenTalk, onSelect }) {
    this.#chat = chat;
    this.#detail = detailElement;
    this.#onOpenTalk = onOpenTalk;
    this.#onSelect = onSelect;
    this.#groupPanel = new GroupPanel(chat);
    this.#createForm = this.#buildCreateForm();
    this.#joinForm = this.#buildJoinForm();
    const opener = (label, name, testid, form) => {
      const button = h('button', {
        type: 'button', className: 'small-button', dataset: { testid }, attrs: { 'aria-label': name, 'aria-expanded': 'false' },
        on: { click: () => this.#toggle(form, button) },
      }, label);
      this.#closeOnEscape(form, button);
      this.#openers.set(form, button);
      return button;
    };
    const newGroup = opener('New', 'New group', 'new-group', this.#createForm);
    const joinGroup = opener('Join', 'Join a group', 'join-group', this.#joinForm);
    this.#search.addEventListener('input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => this.refreshSearch(), SEARCH_DELAY_MS);
    });
    replaceChildren(listElement,
      this.#search,
      this.#note,
      this.#resultsTitle,
      this.#results,
      h('h3', { className: 'section-title' }, 'Groups',
        h('span', { className: 'section-actions' }, newGroup, joinGroup)),
      this.#createForm,
      this.#joinForm,
      this.#groups,
      h('h3', { className: 'section-title' }, 'Friends'),
      this.#friends);
    chat.state.addEventListener('profile', () => { this.#selected = null; });
    chat.state.addEventListener('friends', () => this.#renderFriends());
    chat.presence.addEventListener('change', () => this.#renderFriends());
    chat.state.addEventListener('groups', () => this.#renderGroups());
    this.#renderFriends();
    this.#renderGroups();
  }

  /** Runs the search for what the box holds (an empty box lists the newest users). */
  async refreshSearch() {
    const key = this.#search.value.trim();
    const generation = ++this.#searchGeneration;
    this.#resultsTitle.textContent = key ? 'Search results' : 'People you may know';
    try {
      const users = await this.#chat.searchUsers(key);
      if (generation === this.#searchGeneration) {
        this.#note.textContent = '';
        replaceChildren(this.#results, users.length ? users.map((u) => this.#resultItem(u)) : h('li', { className: 'empty-note' }, 'Nobody found.'));
      }
    } catch (e) {
      if (generation === this.#searchGeneration) {
        this.#note.textContent = e.message;
      }
    }
  }

  #resultItem({ profile, isFriend }) {
    const me = this.#chat.me?.userId === profile.userId;
    const friend = isFriend || this.#chat.state.friends.has(profile.userId);
    const add = h('button', {
      type: 'button', className: 'small-button', dataset: { testid: 'add-friend' },
      on: {
        click: async () => {
          add.disabled = true;
          try {
            const { state } = await this.#chat.requestFriend(profile.userId);
            add.replaceWith(h('span', { className: 'tag' }, state === 'friends' ? 'Friend' : 'Asked'));
          } catch (e) {
            add.disabled = false;
            this.#note.textContent = e.message;
          }
        },
      },
    }, 'Ask');
    return h('li', { className: 'person', dataset: { testid: 'search-result', userId: profile.userId } },
      avatar({ name: profile.nickname || profile.userId, seed: profile.head || profile.userId, size: 'small' }),
      h('span', { className: 'person-name' }, profile.nickname, h('span', { className: 'person-id' }, ` (${profile.userId})`)),
      me ? h('span', { className: 'tag' }, 'You') : friend ? h('span', { className: 'tag' }, 'Friend') : add);
  }

  #renderFriends() {
    const friends = [...this.#chat.state.friends.values()].sort((a, b) => a.nickname.localeCompare(b.nickname));
    replaceChildren(this.#friends, friends.length
      ? friends.map((f) => this.#entry({ kind: Kind.DIRECT, id: f.userId }, f.nickname || f.userId, f.head || f.userId, 'friend'))
      : h('li', { className: 'empty-note' }, 'No friends yet: search above.'));
    this.#renderDetail();
  }

  #renderGroups() {
    const groups = [...this.#chat.state.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
    replaceChildren(this.#groups, groups.length
      ? groups.map((g) => this.#entry({ kind: Kind.GROUP, id: g.groupId }, g.name, g.head || `g${g.groupId}`, 'group'))
      : h('li', { className: 'empty-note' }, 'No groups yet.'));
    this.#renderDetail();
  }

  #entry(peer, name, seed, testId) {
    const selected = this.#selected?.kind === peer.kind && this.#selected?.id === peer.id;
    return h('li', {},
      h('button', {
        type: 'button',
        className: selected ? 'person selectable selected' : 'person selectable',
        dataset: { testid: testId, id: peer.id },
        attrs: { 'aria-pressed': String(selected) },
        on: { click: () => this.#select(peer) },
      }, avatar({ name, seed, size: 'small' }), h('span', { className: 'person-name', dataset: { testid: 'person-name' } }, name),
      peer.kind === Kind.DIRECT ? presenceDot(this.#chat.presence.of(peer.id)) : null));
  }

  #select(peer) {
    const hadFocus = document.activeElement?.closest('.people') !== null;
    this.#selected = peer;
    this.#renderFriends();
    this.#renderGroups();
    if (hadFocus) {
      // The lists were redrawn: the keyboard focus goes back to the entry it was on.
      const list = peer.kind === Kind.GROUP ? this.#groups : this.#friends;
      [...list.querySelectorAll('button.person')].find((b) => b.dataset.id === peer.id)?.focus();
    }
    this.#onSelect();
  }

  /** The card of the selected friend or group, in the main pane. */
  #renderDetail() {
    const peer = this.#selected;
    const { name, head } = peer ? this.#chat.state.describePeer(peer) : { name: '', head: '' };
    const group = peer?.kind === Kind.GROUP ? this.#chat.state.groups.get(peer.id) : null;
    const exists = peer && (group || this.#chat.state.friends.has(peer.id));
    if (!exists) {
      replaceChildren(this.#detail, h('p', { className: 'empty-note' }, 'Choose a friend or a group.'));
      return;
    }
    const facts = group ? `Group ${group.groupId} · ${group.memberCount} members` : `User id ${peer.id}`;
    const card = h('div', { className: 'card', dataset: { testid: 'card' } },
      avatar({ name, seed: head, size: 'large' }),
      h('h2', {}, name),
      h('p', { className: 'card-facts' }, facts),
      group ? null : h('p', { className: 'card-facts', dataset: { testid: 'last-seen' } }, lastSeenText(this.#chat.presence.of(peer.id))),
      h('button', {
        type: 'button', className: 'primary-button', dataset: { testid: 'send-message' },
        on: {
          click: () => this.#chat.openTalkWith(peer)
            .then((conversationId) => this.#onOpenTalk(conversationId))
            .catch((e) => { this.#note.textContent = e.message; }),
        },
      }, 'Send message'),
      group ? null : friendActions(this.#chat, this.#chat.state.friends.get(peer.id), (m) => { this.#note.textContent = m; }));
    const panel = group ? this.#groupPanel.show(group) : null;
    if (panel !== null && panel.parentElement === this.#detail) {
      this.#detail.querySelector('.card').replaceWith(card); // the panel stays, and so does the focus in it
    } else {
      replaceChildren(this.#detail, card, panel);
    }
  }

  #buildCreateForm() {
    const name = h('input', { type: 'text', placeholder: 'Group name', maxLength: 64, required: true, dataset: { testid: 'group-name' }, attrs: { 'aria-label': 'Group name' } });
    const members = h('div', { className: 'member-choices' });
    // Private unless chosen: a public group is one anyone may join with its id (and read all its history).
    const isPublic = h('input', { type: 'checkbox', dataset: { testid: 'new-group-public' } });
    const publicChoice = h('label', { className: 'member-choice' }, isPublic, 'Public: anyone with its id may join');
    const form = h('form', {
      className: 'inline-form', hidden: true, dataset: { testid: 'create-group-form' },
      on: {
        submit: async (e) => {
          e.preventDefault();
          const chosen = [...members.querySelectorAll('input:checked')].map((box) => box.value);
          try {
            const group = await this.#chat.createGroup(name.value.trim(), chosen, { isPublic: isPublic.checked });
            name.value = '';
            isPublic.checked = false;
            this.#close(form);
            this.#select({ kind: Kind.GROUP, id: group.groupId });
          } catch (error) {
            this.#note.textContent = error.message;
          }
        },
      },
    }, name, members, publicChoice, h('button', { type: 'submit', className: 'small-button', dataset: { testid: 'create-group' } }, 'Create'));
    form.addEventListener('toggle-open', () => {
      replaceChildren(members, [...this.#chat.state.friends.values()].map((f) =>
        h('label', { className: 'member-choice' }, h('input', { type: 'checkbox', value: f.userId }), f.nickname || f.userId)));
    });
    return form;
  }

  #buildJoinForm() {
    const id = h('input', { type: 'text', placeholder: 'Group id (digits)', inputMode: 'numeric', required: true, dataset: { testid: 'group-id' }, attrs: { 'aria-label': 'Group id' } });
    const form = h('form', {
      className: 'inline-form', hidden: true, dataset: { testid: 'join-group-form' },
      on: {
        submit: async (e) => {
          e.preventDefault();
          try {
            const group = await this.#chat.joinGroup(id.value.trim());
            id.value = '';
            this.#close(form);
            this.#select({ kind: Kind.GROUP, id: group.groupId });
          } catch (error) {
            this.#note.textContent = error.message;
          }
        },
      },
    }, id, h('button', { type: 'submit', className: 'small-button', dataset: { testid: 'join' } }, 'Join'));
    return form;
  }

  /** Hides a group form whose work is done, and tells its button. */
  #close(form) {
    form.hidden = true;
    this.#openers.get(form)?.setAttribute('aria-expanded', 'false');
  }

  #toggle(form, opener) {
    form.hidden = !form.hidden;
    opener.setAttribute('aria-expanded', String(!form.hidden));
    this.#note.textContent = '';
    if (!form.hidden) {
      form.dispatchEvent(new Event('toggle-open'));
      form.querySelector('input')?.focus();
    }
  }

  /** Escape in an open form closes it and gives the focus back to the button that opened it. */
  #closeOnEscape(form, opener) {
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.#toggle(form, opener);
        opener.focus();
      }
    });
  }
}
