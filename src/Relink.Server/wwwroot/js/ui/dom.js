// Builds DOM nodes. Text always goes in as text nodes (textContent): nothing a user typed, and nothing the
// server sent, is ever parsed as HTML. This file is the only place elements are made, and it has no innerHTML.

/**
 * h('div', { className: 'x', dataset: { id: '1' }, attrs: { title: 't' }, on: { click: fn } }, 'text', child, [more])
 * Strings and numbers become text nodes; null, undefined and false are skipped; arrays are flattened.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  const { className, dataset, attrs, on, ...properties } = props;
  if (className) {
    element.className = className;
  }
  for (const [key, value] of Object.entries(dataset ?? {})) {
    element.dataset[key] = String(value);
  }
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const [key, value] of Object.entries(on ?? {})) {
    element.addEventListener(key, value);
  }
  Object.assign(element, properties); // DOM properties such as type, value, disabled, hidden, placeholder
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this id (the page's fixed skeleton in index.html). */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`index.html has no #${id}`);
  }
  return element;
}
