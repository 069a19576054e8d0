// A question before something that cannot simply be taken back (removing a friend, blocking someone): a modal
// <dialog>, so the browser keeps the keyboard inside it and Escape cancels. Cancel has the focus first, so a
// stray Enter does nothing harmful; the focus goes back to where it was when the dialog closes.

import { h } from './dom.js';

let dialogCount = 0;

/**
 * Asks, and resolves with whether the user confirmed.
 * @param {{ title: string, text: string, confirmLabel: string }} question
 * @returns {Promise<boolean>}
 */
export function confirmAction({ title, text, confirmLabel }) {
  const id = `confirm-${++dialogCount}`;
  const returnTo = document.activeElement;
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', className: 'small-button', dataset: { testid: 'confirm-cancel' }, on: { click: () => dialog.close('cancel') } }, 'Cancel');
    const confirm = h('button', { type: 'button', className: 'danger-button', dataset: { testid: 'confirm-ok' }, on: { click: () => dialog.close('ok') } }, confirmLabel);
    const dialog = h('dialog', {
      className: 'confirm-dialog', dataset: { testid: 'confirm-dialog' },
      attrs: { 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` },
      on: {
        close: () => {
          dialog.remove();
          focusAgain(returnTo);
          resolve(dialog.returnValue === 'ok');
        },
      },
    },
    h('h2', { id: `${id}-title`, className: 'confirm-title' }, title),
    h('p', { id: `${id}-text`, className: 'confirm-text' }, text),
    h('div', { className: 'confirm-actions' }, cancel, confirm));
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * Gives the focus back to the control that opened the question, or, if its view was redrawn meanwhile (a presence
 * change redraws a card), to the control that took its place.
 */
function focusAgain(control) {
  if (!(control instanceof HTMLElement)) {
    return;
  }
  const label = control.getAttribute('aria-label');
  const again = control.isConnected ? control
    : [...document.querySelectorAll(`[data-testid="${CSS.escape(control.dataset.testid ?? '')}"]`)]
      .find((c) => c.getAttribute('aria-label') === label);
  again?.focus();
}
