// The officer's search of the register the authority's agreements let it see.
import { api } from './api.js'
import { h, replace } from './dom.js'
import { announce, badge, field, focusHeading, formatScore, pager, select, showError, table } from './ui.js'

// Filters stay in memory for the tab, not in the address: a person's name in a
// search would otherwise land in the browser's history.
const search = { q: '', kind: '' }

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
