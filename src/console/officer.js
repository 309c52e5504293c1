// The authority's views: screenings, alerts and the register search (officer; screener reads).
import { api } from './api.js'
import { h, replace } from './dom.js'
import {
  announce,
  badge,
  decisionForm,
  decisionHistory,
  details,
  field,
  focusHeading,
  formatDate,
  formatScore,
  matchCard,
  pager,
  select,
  showError,
  table,
} from './ui.js'

const BANDS = [
  ['', 'Any band'],
  ['high', 'High'],
  ['medium', 'Medium'],
  ['low', 'Low'],
  ['none', 'None'],
]

// Filters stay in memory for the tab, not in the address: a supplier's or person's name in a
// filter would otherwise land in the browser's history.
const screeningFilters = { band: '', decision: '', from: '', to: '', q: '' }
const alertFilters = { status: '', band: '' }
const search = { q: '', kind: '' }

/** A date field's day as the start of that day in UTC; `to` is exclusive, so the end of the day. */
function dayStart(day, plusOneDay = false) {
  if (!day) return undefined
  const date = new Date(`${day}T00:00:00Z`)
  if (plusOneDay) date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString()
}

/** @param {HTMLElement} view */
export async function screeningsView(view) {
  const heading = h('h1', { text: 'Screenings' })
  const results = h('div', { class: 'results' })
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter screenings' },
    field('Band', select('band', BANDS, screeningFilters.band)),
    field(
      'Decision',
      select(
        'decision',
        [
          ['', 'Any decision'],
          ['none', 'Undecided'],
          ['cleared', 'Cleared'],
          ['referred', 'Referred'],
          ['confirmed', 'Confirmed'],
        ],
        screeningFilters.decision,
      ),
    ),
    field('Screened from', h('input', { type: 'date', name: 'from', value: screeningFilters.from })),
    field('Screened to', h('input', { type: 'date', name: 'to', value: screeningFilters.to })),
    field('Supplier name contains', h('input', { type: 'search', name: 'q', maxlength: 200, value: screeningFilters.q })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Apply filters' })),
  )
  replace(view, heading, form, results)
  focusHeading(heading)

  /** @param {string} [cursor] */
  const load = async (cursor) => {
    try {
      const { body } = await api('/v1/screenings', {
        query: {
          band: screeningFilters.band,
          decision: screeningFilters.decision,
          from: dayStart(screeningFilters.from),
          to: dayStart(screeningFilters.to, true),
          q: screeningFilters.q,
          limit: '25',
          cursor,
        },
      })
      replace(
        results,
        table(
          cursor ? 'Screenings (a later page), newest first' : 'Screenings, newest first',
          ['Supplier', 'Reference', 'Band', 'Risk score', 'Matches', 'Decision', 'Screened at'],
          body.items.map((/** @type {any} */ s) => [
            h('a', { href: `#/screenings/${encodeURIComponent(s.id)}`, text: s.supplierName }),
            s.reference ?? '',
            badge(s.band),
            String(s.riskScore),
            String(s.matchCount),
            s.decision ? s.decision.outcome : 'undecided',
            formatDate(s.screenedAt),
          ]),
          { rowHeader: true, empty: 'No screening matches these filters.' },
        ),
        pager(body.nextCursor, (next) => void load(next), cursor ? () => void load() : undefined),
      )
      announce(`${body.items.length} screening${body.items.length === 1 ? '' : 's'} shown${body.nextCursor ? '; more on the next page' : ''}.`)
    } catch (error) {
      showError(error)
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    for (const key of Object.keys(screeningFilters)) screeningFilters[/** @type {keyof typeof screeningFilters} */ (key)] = String(data.get(key) ?? '').trim()
    void load()
  })
  await load()
}

/** @param {HTMLElement} view @param {string} id @param {{ canDecide: boolean }} ctx */
export async function screeningView(view, id, ctx) {
  const { body: s } = await api(`/v1/screenings/${encodeURIComponent(id)}`)
  const heading = h('h1', {}, `Screening: ${s.supplier?.name ?? s.id}`)
  const history = h('div', {}, decisionHistory(s.decisions ?? []))
  const latest = h('span', { text: s.decision ? s.decision.outcome : 'undecided' })
  replace(
    view,
    h('p', {}, h('a', { href: '#/screenings', text: '← All screenings' })),
    heading,
    details([
      ['Band', badge(s.band)],
      ['Risk score', `${s.riskScore} of 100`],
      ['Reference', s.reference ?? ''],
      ['Register version', String(s.registerVersion)],
      ['Screened at', formatDate(s.screenedAt)],
      ['Latest decision', latest],
      ['Screening id', h('code', { text: s.id })],
    ]),
    h('p', { class: 'note', text: 'A hit is intelligence for you to review, never an exclusion decision by itself.' }),
    h(
      'section',
      { 'aria-labelledby': 'matches-heading' },
      h('h2', { id: 'matches-heading', text: `Matches (${s.matches.length})` }),
      s.matches.length
        ? s.matches.map((/** @type {any} */ m, /** @type {number} */ i) => matchCard(m, i, s.supplier))
        : h('p', { text: 'No match in the register.' }),
    ),
    h(
      'section',
      { 'aria-labelledby': 'decisions-heading' },
      h('h2', { id: 'decisions-heading', text: 'Decisions' }),
      history,
      ctx.canDecide
        ? decisionForm(`/v1/screenings/${encodeURIComponent(s.id)}/decisions`, (decision) => {
            s.decisions = [...(s.decisions ?? []), decision]
            replace(history, decisionHistory(s.decisions))
            latest.textContent = decision.outcome
            announce(`Decision recorded: ${decision.outcome}.`)
          })
        : null,
    ),
  )
  focusHeading(heading)
}

/** @param {HTMLElement} view @param {{ canDecide: boolean }} ctx */
export async function alertsView(view, ctx) {
  const heading = h('h1', { text: 'Alerts' })
  const results = h('div', { class: 'results' })
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter alerts' },
    field(
      'Status',
      select(
        'status',
        [
          ['', 'Any status'],
          ['open', 'Open'],
          ['acknowledged', 'Acknowledged'],
          ['decided', 'Decided'],
          ['closed', 'Closed'],
        ],
        alertFilters.status,
      ),
    ),
    field('Band', select('band', BANDS.slice(0, 4), alertFilters.band)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Apply filters' })),
  )
  replace(view, heading, h('p', { class: 'hint', text: 'Raised when a register change makes an earlier screening’s supplier match anew.' }), form, results)
  focusHeading(heading)

  /** @param {string} [cursor] */
  const load = async (cursor) => {
    try {
      const { body } = await api('/v1/alerts', { query: { ...alertFilters, limit: '25', cursor } })
      replace(
        results,
        table(
          'Alerts, newest first',
          ['Supplier', 'Reference', 'Status', 'Band now', 'Band before', 'New matches', 'Groups', 'Raised at', ...(ctx.canDecide ? ['Action'] : [])],
          body.items.map((/** @type {any} */ a) => alertRow(a, ctx)),
          { rowHeader: true, empty: 'No alert matches these filters.' },
        ),
        pager(body.nextCursor, (next) => void load(next), cursor ? () => void load() : undefined),
      )
      announce(`${body.items.length} alert${body.items.length === 1 ? '' : 's'} shown.`)
    } catch (error) {
      showError(error)
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    alertFilters.status = String(data.get('status') ?? '')
    alertFilters.band = String(data.get('band') ?? '')
    void load()
  })
  await load()
}

/** @param {any} a @param {{ canDecide: boolean }} ctx */
function alertRow(a, ctx) {
  const link = h('a', { href: `#/alerts/${encodeURIComponent(a.id)}`, text: a.screening.supplierName })
  const status = h('span', { text: a.status })
  const action = h('span', {})
  if (ctx.canDecide && a.status === 'open') {
    const button = h('button', { type: 'button', class: 'small', text: 'Acknowledge', 'aria-label': `Acknowledge the alert on ${a.screening.supplierName}` })
    button.addEventListener('click', async () => {
      try {
        const { body } = await api(`/v1/alerts/${encodeURIComponent(a.id)}/acknowledge`, { method: 'POST' })
        status.textContent = body.status
        replace(action, 'Acknowledged')
        link.focus()
        announce(`Alert on ${a.screening.supplierName} acknowledged.`)
      } catch (error) {
        showError(error)
      }
    })
    action.appendChild(button)
  }
  return [
    link,
    a.screening.reference ?? '',
    status,
    badge(a.band),
    badge(a.screening.band),
    String(a.newMatchCount),
    a.groups.map((/** @type {any} */ g) => `${g.ref} (${g.force})`).join(', '),
    formatDate(a.raisedAt),
    ...(ctx.canDecide ? [action] : []),
  ]
}

/** @param {HTMLElement} view @param {string} id @param {{ canDecide: boolean }} ctx */
export async function alertView(view, id, ctx) {
  const { body: a } = await api(`/v1/alerts/${encodeURIComponent(id)}`)
  // The alert names the earlier screening; its submitted supplier shows each match's field.
  let supplier
  try {
    supplier = (await api(`/v1/screenings/${encodeURIComponent(a.screening.id)}`)).body.supplier
  } catch {
    supplier = undefined
  }
  const heading = h('h1', {}, `Alert: ${a.screening.supplierName}`)
  const status = h('span', { text: a.status })
  const acknowledged = h('span', { text: a.acknowledged ? `by ${a.acknowledged.by}, ${formatDate(a.acknowledged.at)}` : 'not yet' })
  const actions = h('div', { class: 'actions' })
  if (ctx.canDecide && a.status === 'open') {
    const button = h('button', { type: 'button', text: 'Acknowledge' })
    button.addEventListener('click', async () => {
      try {
        const { body } = await api(`/v1/alerts/${encodeURIComponent(a.id)}/acknowledge`, { method: 'POST' })
        status.textContent = body.status
        acknowledged.textContent = body.acknowledged ? `by ${body.acknowledged.by}, ${formatDate(body.acknowledged.at)}` : ''
        replace(actions)
        heading.focus()
        announce('Alert acknowledged.')
      } catch (error) {
        showError(error)
      }
    })
    actions.appendChild(button)
  }
  const column = (/** @type {string} */ title, /** @type {any[]} */ matches, /** @type {string} */ empty) =>
    h(
      'section',
      { class: 'column', 'aria-label': title },
      h('h2', { text: `${title} (${matches.length})` }),
      matches.length ? matches.map((m, i) => matchCard(m, i, supplier)) : h('p', { text: empty }),
    )
  replace(
    view,
    h('p', {}, h('a', { href: '#/alerts', text: '← All alerts' })),
    heading,
    details([
      ['Status', status],
      ['Band now', badge(a.band)],
      ['Risk score now', `${a.riskScore} of 100`],
      ['Earlier band', badge(a.screening.band)],
      ['New matches', String(a.newMatchCount)],
      ['Register version', String(a.registerVersion)],
      ['Raised at', formatDate(a.raisedAt)],
      ['Acknowledged', acknowledged],
      [
        'Earlier screening',
        h('a', {
          href: `#/screenings/${encodeURIComponent(a.screening.id)}`,
          text: `${a.screening.reference ?? a.screening.id} (${formatDate(a.screening.screenedAt)})`,
        }),
      ],
      ['Closed', a.closed ? `${a.closed.reason}, ${formatDate(a.closed.at)}` : ''],
    ]),
    actions,
    h(
      'div',
      { class: 'columns' },
      column('Matches after the register change', a.matches, 'No match now.'),
      column('Matches of the earlier screening', a.previousMatches, 'The earlier screening had no match.'),
    ),
    ctx.canDecide
      ? h(
          'section',
          { 'aria-labelledby': 'alert-decision' },
          h('h2', { id: 'alert-decision', text: 'Decide' }),
          h('p', { class: 'hint', text: 'The decision joins the earlier screening’s history.' }),
          decisionForm(`/v1/alerts/${encodeURIComponent(a.id)}/decisions`, (decision) => {
            status.textContent = 'decided'
            replace(actions)
            announce(`Decision recorded on the alert: ${decision.outcome}.`)
          }),
        )
      : null,
  )
  focusHeading(heading)
}

/** @param {HTMLElement} view */
export async function registerView(view) {
  const heading = h('h1', { text: 'Register search' })
  const results = h('div', { class: 'results' })
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search the register' },
    field(
      'Name or identifier',
      h('input', { type: 'search', name: 'q', required: true, minlength: 2, maxlength: 200, value: search.q }),
      'A group, company or person name, part of one, or a company number, postcode, phone, e-mail or website.',
    ),
    field(
      'Kind',
      select(
        'kind',
        [
          ['', 'Anything'],
          ['group', 'Groups'],
          ['company', 'Companies'],
          ['person', 'People'],
          ['address', 'Addresses'],
          ['phone', 'Phones'],
          ['email', 'E-mails'],
          ['website', 'Websites'],
        ],
        search.kind,
      ),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Search' })),
  )
  replace(
    view,
    heading,
    h('p', {
      class: 'hint',
      text: 'The groups of the forces that share with your authority. Each search is recorded in the audit log with your stated purpose.',
    }),
    form,
    results,
  )
  focusHeading(heading)

  /** @param {string} [cursor] */
  const load = async (cursor) => {
    try {
      const { body } = await api('/v1/register/search', { query: { q: search.q, kind: search.kind, limit: '25', cursor } })
      replace(
        results,
        table(
          'Register entries found, best first',
          ['Name', 'Kind', 'Matched on', 'Group', 'Force', 'Risk', 'Handling instruction', 'Score', 'Why'],
          body.items.map((/** @type {any} */ r) => [
            r.name,
            r.kind,
            `${r.matched.field}: ${r.matched.value}`,
            r.group.ref,
            r.group.force,
            badge(r.group.riskLevel),
            r.group.handling,
            formatScore(r.score),
            h(
              'ul',
              { class: 'reasons' },
              r.reasons.map((/** @type {string} */ reason) => h('li', { text: reason })),
            ),
          ]),
          { rowHeader: true, empty: 'Nothing in the register you may see matches.' },
        ),
        pager(body.nextCursor, (next) => void load(next), cursor ? () => void load() : undefined),
      )
      announce(`${body.items.length} result${body.items.length === 1 ? '' : 's'} found.`)
    } catch (error) {
      showError(error)
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    search.q = String(data.get('q') ?? '').trim()
    search.kind = String(data.get('kind') ?? '')
    if (search.q.length < 2) {
      showError(new Error('Type at least two characters to search.'))
      return
    }
    void load()
  })
  if (search.q) await load()
}
