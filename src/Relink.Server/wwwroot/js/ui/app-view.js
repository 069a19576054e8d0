// The page shell: which screen shows (sign-in or the chat window), the navigation between the chats and
// friends tabs, the signed-in user's head, short error notes, and the live region that reads news out.
// On a phone (narrow window) the list and what was opened from it are two screens: #app's data-screen says which
// ("list" or "main"), the back button and Escape return to the list. The desktop shows both side by side and
// ignores data-screen.

import { avatar } from './avatar.js';
import { ChatView } from './chat-view.js';
import { byId, h, replaceChildren } from './dom.js';
import { Kind } from '../sdk/index.js';
import { FriendsView } from './friends-view.js';
import { followInviteLinks } from './invite-link.js';
import { RequestsInbox } from './requests-inbox.js';
import { LoginView } from './login-view.js';
import { Notifier } from './notifier.js';
import { PresenceSettings } from './presence.js';
import { BlockedList } from './friend-actions.js';
import { StatusBanner } from './status-banner.js';
import { TalkListView } from './talk-list-view.js';

const NOTE_MS = 5000;
const PHONE = window.matchMedia('(max-width: 700px)'); // the same width as relink.css's phone layout

export class AppView {
  #connection;
  #chat;
  #login;
  #friends;
  #tab = 'chats';
  #noteTimer = null;
  #loginScreen = byId('login-screen');
  #appScreen = byId('app');
  #announcer = byId('announcer');
  #unreadSeen = new Map(); // conversationId -> unread count last seen, to tell news in other talks

  /**
   * @param {import('../sdk/index.js').Connection} connection
   * @param {import('../sdk/index.js').ChatClient} chat
   */
  constructor(connection, chat) {
    this.#connection = connection;
    this.#chat = chat;
    this.#login = new LoginView(connection);
    new StatusBanner(byId('banner'), connection, { onSignInAgain: () => this.showLogin(chat.me?.userId ?? '') });
    new TalkListView(byId('talk-list'), chat, { onOpen: (id) => this.openConversation(id), onError: (m) => this.note(m) });
    new ChatView(byId('chat'), chat, connection, { announce: (text) => this.announce(text) });
    new Notifier(chat, byId('notify'), { onOpen: (id) => this.openConversation(id), onNote: (text) => this.note(text) });
    this.#friends = new FriendsView(byId('friends-list'), byId('card'), chat, {
      onOpenTalk: (id) => this.openConversation(id),
      onSelect: () => {
        this.#setScreen('main');
        if (PHONE.matches) {
          byId('card').querySelector('button')?.focus(); // the list it was chosen from is off screen now
        }
      },
    });
    byId('friends-list').append(new PresenceSettings(chat).element, new BlockedList(chat).element);

    new RequestsInbox(byId('friends-list'), byId('tab-friends'), chat, { onError: (m) => this.note(m) });
    followInviteLinks(connection, chat, {
      onJoined: (group) => chat.openTalkWith({ kind: Kind.GROUP, id: group.groupId }).then((id) => this.openConversation(id)),
      onError: (m) => this.note(m),
    });
    chat.state.addEventListener('group-gone', (e) => {
      if (e.detail.reason === 'removed') {
        this.note(`You were removed from ${e.detail.name || 'a group'}.`);
      }
    });

    byId('tab-chats').addEventListener('click', () => this.#showTab('chats'));
    byId('tab-friends').addEventListener('click', () => this.#showTab('friends'));
    byId('sign-out').addEventListener('click', () => void connection.signOut());
    byId('back').addEventListener('click', () => this.#back());
    this.#appScreen.querySelector('.main-pane').addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && PHONE.matches && this.#appScreen.dataset.screen === 'main') {
        this.#back();
      }
    });
    connection.addEventListener('state', () => this.#onState());
    connection.addEventListener('signed-out', (e) => {
      this.showLogin(e.detail.userId);
      this.#login.showMessage(e.detail.message);
    });
    chat.state.addEventListener('profile', () => this.#renderMe());
    chat.state.addEventListener('talks', () => {
      this.#renderTitle();
      this.#announceOtherTalks();
    });
    chat.state.addEventListener('open', () => this.#renderMain());
  }

  showLogin(userId = '') {
    this.#loginScreen.hidden = false;
    this.#appScreen.hidden = true;
    this.#login.focus(userId);
  }

  showApp() {
    this.#loginScreen.hidden = true;
    this.#appScreen.hidden = false;
    this.#renderMain();
  }

  openConversation(conversationId) {
    this.#showTab('chats');
    this.#chat.open(conversationId);
    this.#setScreen('main');
  }

  /** Says something to screen-reader users without moving their focus (a polite live region). */
  announce(text) {
    this.#announcer.textContent = text;
  }

  /** A short note at the bottom of the window (a failed action). */
  note(text) {
    const element = byId('note');
    element.textContent = text;
    element.hidden = false;
    clearTimeout(this.#noteTimer);
    this.#noteTimer = setTimeout(() => { element.hidden = true; }, NOTE_MS);
  }

  #onState() {
    const name = this.#connection.state.name;
    if (name === 'online') {
      this.showApp();
    } else if (name === 'signed-out') {
      this.showLogin(this.#chat.me?.userId ?? '');
    }
    // Other states keep the current screen: the login form waits for its own attempt; the chat window stays
    // readable (with the banner) while the link comes back.
  }

  /** Back from a conversation or a card to the list (a phone's second screen). */
  #back() {
    const openId = this.#chat.state.openConversationId;
    if (this.#tab === 'chats' && openId !== null) {
      this.#chat.open(null); // closed, not just hidden: its new messages count as unread again
    }
    this.#setScreen('list');
    const item = openId === null ? null : byId('talk-list').querySelector(`[data-conversation-id="${CSS.escape(openId)}"] .talk-open`);
    (item ?? byId(this.#tab === 'chats' ? 'tab-chats' : 'tab-friends')).focus();
  }

  #setScreen(screen) {
    this.#appScreen.dataset.screen = screen;
  }

  #showTab(tab) {
    this.#tab = tab;
    for (const [name, button] of [['chats', byId('tab-chats')], ['friends', byId('tab-friends')]]) {
      button.classList.toggle('active', tab === name);
      if (tab === name) {
        button.setAttribute('aria-current', 'page');
      } else {
        button.removeAttribute('aria-current');
      }
    }
    byId('talk-list').hidden = tab !== 'chats';
    byId('friends-list').hidden = tab !== 'friends';
    if (tab === 'friends') {
      void this.#friends.refreshSearch();
    }
    this.#renderMain();
  }

  #renderMain() {
    const chatOpen = this.#tab === 'chats' && this.#chat.state.openConversationId !== null;
    byId('chat').hidden = !chatOpen;
    byId('card').hidden = this.#tab !== 'friends';
    byId('placeholder').hidden = chatOpen || this.#tab === 'friends';
    if (this.#tab === 'chats' && !chatOpen) {
      this.#setScreen('list'); // the open talk went away (removed here or elsewhere): nothing to show beside the list
    }
  }

  #renderMe() {
    const me = this.#chat.me;
    replaceChildren(byId('me'), me
      ? [avatar({ name: me.nickname || me.userId, seed: me.head || me.userId }), h('span', { className: 'me-name', dataset: { testid: 'me' } }, me.nickname || me.userId)]
      : []);
  }

  /** A new unread message in a talk that is not open is news too (the open one reads its own out). */
  #announceOtherTalks() {
    const talks = this.#chat.state.talks;
    const first = this.#unreadSeen.size === 0; // a session's first talk list: old news, not read out
    const news = [...talks.values()].filter((t) => t.unread > (this.#unreadSeen.get(t.conversationId) ?? 0)
      && t.conversationId !== this.#chat.state.openConversationId);
    this.#unreadSeen = new Map([...talks.values()].map((t) => [t.conversationId, t.unread]));
    if (!first && news.length > 0) {
      this.announce(news.map((t) => `New message in ${t.name}`).join('. '));
    }
  }

  #renderTitle() {
    const unread = [...this.#chat.state.talks.values()].reduce((sum, t) => sum + t.unread, 0);
    document.title = unread > 0 ? `(${unread}) Relink` : 'Relink';
  }
}
