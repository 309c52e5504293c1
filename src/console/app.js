// The console's shell: sign-in, the header (who, stated purpose, sign out), navigation by role,
// and the hash router (#/screenings, #/screenings/<id>, #/alerts, #/alerts/<id>, #/register,
// #/watchlists, #/watchlists/<id>). Other hashes (the skip link's #main) are not routes.
import { purposeProblem } from './api.js'
import { h, replace } from './dom.js'
import { alertView, alertsView } from './alerts.js'
import { registerView } from './register-search.js'
import { screeningView, screeningsView } from './screenings.js'
import { watchlistView, watchlistsView } from './police.js'
import { decodeToken, signOut, storePurpose, storeToken, storedPurpose, storedToken } from './session.js'
import { announce, field, focusHeading, showError } from './ui.js'

/** @typedef {{ sub: string, org: string, roles: string[], exp: number | undefined }} Claims */

/** The sections a user's roles open; the API refuses anything else whatever the page shows. @param {Claims} claims */
function sectionsFor(claims) {
  const sections = []
  const authority = claims.roles.includes('officer') || claims.roles.includes('screener')
  if (authority) sections.push(['#/screenings', 'Screenings'], ['#/alerts', 'Alerts'])
  if (claims.roles.includes('officer')) sections.push(['#/register', 'Register search'])
  if (claims.roles.includes('police')) sections.push(['#/watchlists', 'Watchlists'])
  return sections
}

const view = /** @type {HTMLElement} */ (document.getElementById('view'))
const session = /** @type {HTMLElement} */ (document.getElementById('session'))
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'))

function currentClaims() {
  const token = storedToken()
  if (!token) return null
  const claims = decodeToken(token)
  if (!claims) return null
  return claims
}

function renderSignIn(message = '') {
  replace(session)
  replace(nav)
  const token = h('input', { type: 'password', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false' })
  const purpose = h('input', { type: 'text', name: 'purpose', maxlength: 500, autocomplete: 'off', value: storedPurpose() })
  const heading = h('h1', { text: 'Sign in' })
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-heading' },
    field('Access token', token, 'The token (JWT) your administrator issued you. It is kept in this tab only, and forgotten when you close it or sign out.'),
    field('Purpose of access (optional)', purpose, 'Why you are looking, e.g. “due diligence on TENDER-0412”. Recorded in the audit log with each read.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Sign in' })),
  )
  heading.id = 'sign-in-heading'
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const value = /** @type {HTMLInputElement} */ (token).value.trim().replace(/^Bearer\s+/i, '')
    const claims = decodeToken(value)
    if (!claims || !claims.roles.length) {
      showError(new Error('That is not a token the console can read: paste the whole JWT (three parts separated by dots).'))
      token.focus()
      return
    }
    if (claims.exp !== undefined && claims.exp * 1000 <= Date.now()) {
      showError(new Error('That token has expired. Ask for a new one.'))
      token.focus()
      return
    }
    const stated = /** @type {HTMLInputElement} */ (purpose).value.trim()
    const problem = purposeProblem(stated)
    if (problem) {
      showError(new Error(problem))
      purpose.focus()
      return
    }
    storeToken(value)
    storePurpose(stated)
    const first = sectionsFor(claims)[0]
    announce(`Signed in as ${claims.sub} (${claims.roles.join(', ')}) of ${claims.org}.`)
    if (first && window.location.hash !== first[0]) window.location.hash = first[0]
    else void route()
  })
  replace(view, heading, message ? h('p', { class: 'note', text: message }) : null, form)
  focusHeading(heading)
}

/** @param {Claims} claims */
function renderHeader(claims) {
  const purpose = h('input', { type: 'text', name: 'purpose', maxlength: 500, autocomplete: 'off', value: storedPurpose() })
  const purposeForm = h(
    'form',
    { class: 'purpose' },
    field('Purpose of access', purpose, 'Sent with each request and recorded in the audit log.'),
    h('button', { type: 'submit', class: 'secondary', text: 'Set purpose' }),
  )
  purposeForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const stated = /** @type {HTMLInputElement} */ (purpose).value.trim()
    const problem = purposeProblem(stated)
    if (problem) {
      showError(new Error(problem))
      return
    }
    storePurpose(stated)
    announce(stated ? `Purpose set: ${stated}` : 'Purpose cleared.')
  })
  const out = h('button', { type: 'button', class: 'secondary', text: 'Sign out' })
  out.addEventListener('click', () => {
    signOut()
    announce('Signed out.')
    window.location.hash = '#/'
    renderSignIn()
  })
  replace(
    session,
    h('p', { class: 'who' }, 'Signed in as ', h('strong', { text: claims.sub }), ` (${claims.roles.join(', ')}) of `, h('strong', { text: claims.org })),
    purposeForm,
    out,
  )
  const here = window.location.hash.split('/').slice(0, 2).join('/')
  replace(
    nav,
    h(
      'ul',
      {},
      sectionsFor(claims).map(([href, label]) => h('li', {}, h('a', { href, text: label, 'aria-current': href === here ? 'page' : false }))),
    ),
  )
}

async function route() {
  const claims = currentClaims()
  if (!claims) {
    renderSignIn()
    return
  }
  const hash = window.location.hash
  const sections = sectionsFor(claims)
  if (!sections.length) {
    renderHeader(claims)
    const heading = h('h1', { text: 'Nothing to show' })
    replace(
      view,
      heading,
      h('p', { text: `The console has views for officers, screeners and police; your roles are ${claims.roles.join(', ')}. Use the API directly.` }),
    )
    focusHeading(heading)
    return
  }
  if (!hash.startsWith('#/') || hash === '#/') {
    window.location.hash = sections[0][0]
    return
  }
  renderHeader(claims)
  const [section, id] = hash
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part))
  const ctx = { canDecide: claims.roles.includes('officer') }
  // A message belongs to the page it was said on.
  for (const region of ['error', 'status']) {
    const element = document.getElementById(region)
    if (element) replace(element)
  }
  try {
    if (section === 'screenings' && id) await screeningView(view, id, ctx)
    else if (section === 'screenings') await screeningsView(view)
    else if (section === 'alerts' && id) await alertView(view, id, ctx)
    else if (section === 'alerts') await alertsView(view, ctx)
    else if (section === 'register') await registerView(view)
    else if (section === 'watchlists' && id) await watchlistView(view, id)
    else if (section === 'watchlists') await watchlistsView(view)
    else {
      const heading = h('h1', { text: 'Not found' })
      replace(view, heading, h('p', {}, 'There is no such page. ', h('a', { href: sections[0][0], text: `Go to ${sections[0][1]}` })))
      focusHeading(heading)
    }
  } catch (failure) {
    const heading = h('h1', { text: 'Could not load this page' })
    replace(view, heading)
    focusHeading(heading)
    showError(failure)
  }
}

window.addEventListener('hashchange', (event) => {
  // The skip link's #main moves focus, not the page.
  if (new URL(event.newURL).hash.startsWith('#/') || !storedToken()) void route()
})
void route()
