// DOM building without innerHTML: every value from the API (register data, supplier names, notes)
// is untrusted input and only ever becomes text nodes or attribute values.

/**
 * Creates an element. `attrs`: `class`, `text` (textContent), `on<event>` (a listener), a boolean
 * (present or absent), anything else as an attribute. Children: nodes, strings (as text), arrays;
 * null, undefined and false are skipped.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (key === 'class') element.className = String(value)
    else if (key === 'text') element.textContent = String(value)
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), /** @type {EventListener} */ (value))
    else if (value === true) element.setAttribute(key, '')
    else element.setAttribute(key, String(value))
  }
  append(element, children)
  return element
}

/** @param {Node} parent @param {unknown[]} children */
function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else if (child instanceof Node) parent.appendChild(child)
    else parent.appendChild(document.createTextNode(String(child)))
  }
}

/** Replaces the children of `parent`. @param {Element} parent @param {...unknown} children */
export function replace(parent, ...children) {
  parent.replaceChildren()
  append(parent, children)
}

let idCounter = 0
/** A fresh id for label/input and aria pairs. @param {string} prefix */
export function uid(prefix) {
  idCounter += 1
  return `${prefix}-${idCounter}`
}
