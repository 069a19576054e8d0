// Invite links: an address of this app ending in #join=GROUP:CODE. Opening one joins the group with the code as
// soon as the user is signed in: at once for a tab that is signed in already, after the sign-in form otherwise.
// The fragment never reaches the server (no log keeps the code), and it is taken out of the address bar once read,
// so a reload does not try the code again.

const PREFIX = '#join=';

/** The link that opens this app and joins a group with an invite code. */
export function inviteLink(groupId, code) {
  const url = new URL(location.href);
  url.search = '';
  url.hash = `${PREFIX.slice(1)}${encodeURIComponent(groupId)}:${encodeURIComponent(code)}`;
  return url.href;
}

/** { groupId, code } from an address's fragment, or null when it is no invite link. */
export function parseInviteLink(hash) {
  if (!hash.startsWith(PREFIX)) {
    return null;
  }
  const [groupId, code] = hash.slice(PREFIX.length).split(':').map((part) => decodeURIComponent(part ?? '').trim());
  return groupId && code ? { groupId, code } : null;
}

/**
 * Joins the group an invite link names, once the connection is online.
 * @param {import('../sdk/index.js').Connection} connection
 * @param {import('../sdk/index.js').ChatClient} chat
 * @param {{ onJoined: (group: { groupId: string, name: string }) => void, onError: (message: string) => void }} actions
 */
export function followInviteLinks(connection, chat, { onJoined, onError }) {
  let pending = null;
  const take = () => {
    const invite = parseInviteLink(location.hash);
    if (invite) {
      pending = invite;
      history.replaceState(null, '', location.pathname + location.search);
    }
    tryJoin();
  };
  const tryJoin = () => {
    if (pending === null || connection.state.name !== 'online') {
      return;
    }
    const { groupId, code } = pending;
    pending = null;
    chat.joinGroup(groupId, code)
      .then(onJoined)
      .catch((e) => onError(`The invite link did not work: ${e.message}`));
  };
  connection.addEventListener('state', tryJoin);
  window.addEventListener('hashchange', take); // a link pasted into a tab that is open already
  take();
}
