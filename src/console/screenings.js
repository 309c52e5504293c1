// The authority's screenings: the list with its filters, and one screening with its matches laid out
// field by field and its decisions (officer; screener reads).
import { api } from './api.js'
import { h, replace } from './dom.js'
import { announce, badge, decisionForm, decisionHistory, details, field, focusHeading, formatDate, matchCard, pager, select, showError, table } from './ui.js'

/** The band filter's choices, shared with the alerts list. */
export const BANDS = [
  ['', 'Any band'],
  ['high', 'High'],
  ['medium', 'Medium'],
  ['low', 'Low'],
  ['none', 'None'],
]

// Filters stay in memory for the tab, not in the address: a supplier's or person's name in a
// filter would otherwise land in the browser's history.
const screeningFilters = { band: '', decision: '', from: '', to: '', q: '' }

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
