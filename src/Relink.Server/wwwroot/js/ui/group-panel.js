// The group panel under a group's card: its members with their roles, and what this user's role lets them do.
// The owner gives roles, hands ownership on, removes anyone and sets who may join and what history newcomers see;
// admins invite friends, remove members, rename the group and make or revoke invite links; everyone may leave.
// The server decides in the end: a refused action shows its error here, and the lists are asked for again.

import { avatar } from './avatar.js';
import { h, replaceChildren } from './dom.js';
import { inviteLink } from './invite-link.js';

const OWNER = 'GROUP_ROLE_OWNER';
const ADMIN = 'GROUP_ROLE_ADMIN';
const MEMBER = 'GROUP_ROLE_MEMBER';
const ROLE_NAMES = { [OWNER]: 'Owner', [ADMIN]: 'Admin', [MEMBER]: 'Member' };
const RANK = { [OWNER]: 2, [ADMIN]: 1, [MEMBER]: 0 };

export class GroupPanel {
  #chat;
  #element = h('section', { className: 'group-panel', dataset: { testid: 'group-panel' }, attrs: { 'aria-label': 'Group members and settings' } });
  #note = h('p', { className: 'form-error', attrs: { role: 'alert' }, dataset: { testid: 'group-note' } });
  #groupId = null;
  #members = [];
  #invites = [];
  #generation = 0;

  /** @param {import('../sdk/index.js').ChatClient} chat */
  constructor(chat) {
    this.#chat = chat;
    // A member joined, left, was removed or got a role, or the group was renamed: ask again for the shown group.
    chat.state.addEventListener('groups', () => {
      if (this.#groupId !== null && chat.state.groups.has(this.#groupId)) {
        void this.#load();
      }
    });
  }

  /** The panel for a group: the same element while the same group is shown, so the focus stays where it was. */
  show(group) {
    if (group.groupId !== this.#groupId) {
      this.#groupId = group.groupId;
      this.#members = [];
      this.#invites = [];
      this.#note.textContent = '';
      this.#render();
      void this.#load();
    }
    return this.#element;
  }

  get #group() {
    return this.#chat.state.groups.get(this.#groupId);
  }

  get #myRole() {
    const me = this.#chat.me?.userId;
    return this.#members.find((m) => m.profile.userId === me)?.role ?? MEMBER;
  }

  async #load() {
    const generation = ++this.#generation;
    const groupId = this.#groupId;
    try {
      const members = await this.#chat.groupMembers(groupId);
      const mine = members.find((m) => m.profile.userId === this.#chat.me?.userId)?.role ?? MEMBER;
      const invites = RANK[mine] >= RANK[ADMIN] ? await this.#chat.groupInvites(groupId) : [];
      if (generation === this.#generation) {
        this.#members = members.sort((a, b) => RANK[b.role] - RANK[a.role] || a.profile.nickname.localeCompare(b.profile.nickname));
        this.#invites = invites;
        this.#render();
      }
    } catch (e) {
      if (generation === this.#generation) {
        this.#note.textContent = e.message;
      }
    }
  }

  /** Runs an action; its error is shown; the lists are asked for again either way (the push may come later). */
  async #act(action) {
    this.#note.textContent = '';
    try {
      await action();
    } catch (e) {
      this.#note.textContent = e.message;
    }
    if (this.#group) {
      await this.#load();
    }
  }

  #render() {
    const group = this.#group;
    if (!group) {
      replaceChildren(this.#element);
      return;
    }
    const mine = this.#myRole;
    const admin = RANK[mine] >= RANK[ADMIN];
    replaceChildren(this.#element,
      this.#note,
      h('h3', { className: 'section-title' }, 'Members'),
      h('ul', { className: 'people group-members', dataset: { testid: 'group-members' } }, this.#members.map((m) => this.#memberItem(m, mine))),
      admin ? this.#inviteFriendForm(group) : null,
      admin ? this.#renameForm(group) : null,
      mine === OWNER ? this.#settings(group) : null,
      admin ? this.#inviteLinks(group) : null,
      h('button', {
        type: 'button', className: 'small-button danger', dataset: { testid: 'leave-group' },
        on: { click: () => this.#act(() => this.#chat.leaveGroup(group.groupId)) },
      }, mine === OWNER ? 'Leave (ownership passes on)' : 'Leave group'));
  }

  #memberItem({ profile, role }, mine) {
    const name = profile.nickname || profile.userId;
    const me = profile.userId === this.#chat.me?.userId;
    const groupId = this.#groupId;
    const button = (label, testid, action) => h('button', {
      type: 'button', className: 'small-button', dataset: { testid }, attrs: { 'aria-label': `${label}: ${name}` },
      on: { click: () => this.#act(action) },
    }, label);
    const actions = [];
    if (!me && mine === OWNER) {
      actions.push(role === ADMIN
        ? button('Make member', 'make-member', () => this.#chat.setGroupRole(groupId, profile.userId, MEMBER))
        : button('Make admin', 'make-admin', () => this.#chat.setGroupRole(groupId, profile.userId, ADMIN)));
      actions.push(button('Make owner', 'make-owner', () => this.#chat.setGroupRole(groupId, profile.userId, OWNER)));
    }
    if (!me && RANK[mine] >= RANK[ADMIN] && RANK[mine] > RANK[role]) {
      actions.push(button('Remove', 'remove-member', () => this.#chat.removeGroupMember(groupId, profile.userId)));
    }
    return h('li', { className: 'person group-member', dataset: { testid: 'group-member', userId: profile.userId, role } },
      avatar({ name, seed: profile.head || profile.userId, size: 'small' }),
      h('span', { className: 'person-name', dataset: { testid: 'member-name' } }, name, me ? ' (you)' : ''),
      h('span', { className: 'tag', dataset: { testid: 'member-role' } }, ROLE_NAMES[role] ?? 'Member'),
      actions.length ? h('span', { className: 'member-actions' }, actions) : null);
  }

  #inviteFriendForm(group) {
    const inGroup = new Set(this.#members.map((m) => m.profile.userId));
    const friends = [...this.#chat.state.friends.values()].filter((f) => !inGroup.has(f.userId));
    if (friends.length === 0) {
      return null;
    }
    const choice = h('select', { dataset: { testid: 'invite-friend-choice' }, attrs: { 'aria-label': 'Friend to add' } },
      friends.map((f) => h('option', { value: f.userId }, f.nickname || f.userId)));
    return h('form', {
      className: 'inline-form group-form', dataset: { testid: 'invite-friend-form' },
      on: { submit: (e) => { e.preventDefault(); void this.#act(() => this.#chat.inviteToGroup(group.groupId, choice.value)); } },
    }, choice, h('button', { type: 'submit', className: 'small-button', dataset: { testid: 'invite-friend' } }, 'Add friend'));
  }

  #renameForm(group) {
    const name = h('input', { type: 'text', value: group.name, maxLength: 64, required: true, dataset: { testid: 'rename-input' }, attrs: { 'aria-label': 'Group name' } });
    return h('form', {
      className: 'inline-form group-form', dataset: { testid: 'rename-form' },
      on: { submit: (e) => { e.preventDefault(); void this.#act(() => this.#chat.updateGroup(group.groupId, { name: name.value.trim() })); } },
    }, name, h('button', { type: 'submit', className: 'small-button', dataset: { testid: 'rename' } }, 'Rename'));
  }

  #settings(group) {
    const box = (label, testid, checked, change) => h('label', { className: 'member-choice' },
      h('input', { type: 'checkbox', checked, dataset: { testid }, on: { change: (e) => this.#act(() => change(e.target.checked)) } }), label);
    return h('fieldset', { className: 'group-settings' },
      h('legend', {}, 'Settings'),
      box('Public: anyone may join by the group id', 'group-public', group.isPublic,
        (on) => this.#chat.updateGroup(group.groupId, { isPublic: on })),
      box('New members see the whole history', 'group-whole-history', group.history === 'GROUP_HISTORY_WHOLE',
        (on) => this.#chat.updateGroup(group.groupId, { history: on ? 'GROUP_HISTORY_WHOLE' : 'GROUP_HISTORY_FROM_JOIN' })));
  }

  #inviteLinks(group) {
    return h('div', { className: 'invite-links' },
      h('h3', { className: 'section-title' }, 'Invite links',
        h('span', { className: 'section-actions' }, h('button', {
          type: 'button', className: 'small-button', dataset: { testid: 'create-invite' },
          on: { click: () => this.#act(() => this.#chat.createGroupInvite(group.groupId)) },
        }, 'New link'))),
      h('ul', { className: 'people', dataset: { testid: 'invites' } }, this.#invites.length
        ? this.#invites.map((invite) => this.#inviteItem(group, invite))
        : h('li', { className: 'empty-note' }, 'No invite links.')));
  }

  #inviteItem(group, invite) {
    const link = inviteLink(group.groupId, invite.code);
    const limits = [
      invite.maxUses > 0 ? `${invite.uses} of ${invite.maxUses} uses` : `${invite.uses} uses`,
      invite.expiresAt ? `until ${invite.expiresAt.toLocaleString()}` : null,
    ].filter(Boolean).join(' · ');
    const field = h('input', { type: 'text', readOnly: true, value: link, dataset: { testid: 'invite-link' }, attrs: { 'aria-label': `Invite link ${invite.code}` } });
    return h('li', { className: 'person invite', dataset: { testid: 'invite', code: invite.code } },
      field,
      h('span', { className: 'person-id' }, limits),
      h('button', {
        type: 'button', className: 'small-button', dataset: { testid: 'copy-invite' }, attrs: { 'aria-label': `Copy invite link ${invite.code}` },
        on: {
          click: async (e) => {
            try {
              await navigator.clipboard.writeText(link);
              e.target.textContent = 'Copied';
            } catch {
              field.select(); // no clipboard permission: the link is selected for the user to copy
            }
          },
        },
      }, 'Copy'),
      h('button', {
        type: 'button', className: 'small-button', dataset: { testid: 'revoke-invite' }, attrs: { 'aria-label': `Revoke invite link ${invite.code}` },
        on: { click: () => this.#act(() => this.#chat.revokeGroupInvite(group.groupId, invite.code)) },
      }, 'Revoke'));
  }
}
