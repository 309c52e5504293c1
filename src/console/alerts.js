// The authority's monitoring alerts: the list with acknowledge, and one alert's new matches beside
// the earlier screening's, with its decision (officer; screener reads).
import { api } from './api.js'
import { h, replace } from './dom.js'
import { announce, badge, decisionForm, details, field, focusHeading, formatDate, matchCard, pager, select, showError, table } from './ui.js'
import { BANDS } from './screenings.js'

// Filters stay in memory for the tab, not in the address: a supplier's or person's name in a
// filter would otherwise land in the browser's history.
const alertFilters = { status: '', band: '' }

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
