// Shared pieces of the views: messages, tables, badges, match cards, decision forms.
import { ApiError, api, newIdempotencyKey } from './api.js'
import { h, replace, uid } from './dom.js'

/** Says something politely to screen readers and shows it (the status region is live). @param {string} text */
export function announce(text) {
  const status = document.getElementById('status')
  const alertRegion = document.getElementById('error')
  if (alertRegion) replace(alertRegion)
  if (status) replace(status, text)
}

/**
 * Shows an error in the assertive region; a 401 ends the session. The API's problem details
 * are shown as text, with each listed field error.
 * @param {unknown} error
 */
export function showError(error) {
  const region = document.getElementById('error')
  const status = document.getElementById('status')
  if (status) replace(status)
  if (!region) return
  if (error instanceof ApiError) {
    const problem = error.problem
    const items = Array.isArray(problem.errors) ? problem.errors.slice(0, 20) : []
    replace(
      region,
      h('p', { text: error.status === 401 ? 'Your token was not accepted (expired or invalid). Sign out and sign in again with a new token.' : error.message }),
      error.status && problem.code ? h('p', { class: 'hint', text: `Code ${problem.code}, status ${error.status}.` }) : null,
      items.length
        ? h(
            'ul',
            {},
            items.map((e) => h('li', { text: `${e.field ?? e.column ?? ''} ${e.message ?? e.code ?? ''}`.trim() })),
          )
        : null,
    )
  } else {
    replace(region, h('p', { text: error instanceof Error ? error.message : String(error) }))
  }
}

/** @param {string | null | undefined} iso */
export function formatDate(iso) {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC'
}

/** @param {number} score */
export function formatScore(score) {
  return typeof score === 'number' ? score.toFixed(2) : ''
}

/** A band or risk level as a badge that says it in words, not colour alone. @param {string} band */
export function badge(band, prefix = '') {
  return h('span', { class: `badge badge-${band}`, text: `${prefix}${band}` })
}

/**
 * A data table with a caption and column headers.
 * @param {string} caption
 * @param {string[]} columns
 * @param {unknown[][]} rows cells: nodes or text
 * @param {{ empty?: string, rowHeader?: boolean }} [options] rowHeader: the first cell of each row is its header
 */
export function table(caption, columns, rows, options = {}) {
  if (!rows.length) return h('p', { class: 'empty', text: options.empty ?? 'Nothing to show.' })
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { text: caption }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col', text: c })),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell, i) => (i === 0 && options.rowHeader ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))),
          ),
        ),
      ),
    ),
  )
}

/** A description list from [term, value] pairs; empty values are left out. @param {[string, unknown][]} pairs */
export function details(pairs, className = 'facts') {
  return h(
    'dl',
    { class: className },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', {}, value))),
  )
}

/**
 * A labelled form control.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  const id = control.id || uid('field')
  control.id = id
  const hintId = hint ? `${id}-hint` : undefined
  if (hintId) control.setAttribute('aria-describedby', hintId)
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null, control)
}

/** @param {string} name @param {[string, string][]} options value, label */
export function select(name, options, value = '') {
  return h(
    'select',
    { name },
    options.map(([v, label]) => h('option', { value: v, selected: v === value, text: label })),
  )
}

/** Focuses the view's heading, so that keyboard and screen reader users start at the new content. @param {HTMLElement} heading */
export function focusHeading(heading) {
  heading.setAttribute('tabindex', '-1')
  heading.focus()
}

const FIELD_LABELS = {
  name: 'Supplier name',
  tradingNames: 'Trading name',
  companyNumber: 'Company number',
  addresses: 'Address',
  people: 'Connected person',
  phones: 'Phone',
  emails: 'E-mail',
  website: 'Website',
}

/**
 * The submitted value at a match's field path, e.g. `supplier.people[0]`, and a label for it.
 * @param {Record<string, unknown> | undefined} supplier
 * @param {string} path
 */
export function submittedField(supplier, path) {
  const steps = path.match(/[^.[\]]+/g) ?? []
  /** @type {unknown} */
  let value = { supplier }
  for (const step of steps) {
    if (value === null || typeof value !== 'object') {
      value = undefined
      break
    }
    value = /** @type {Record<string, unknown>} */ (value)[step]
  }
  const top = steps[1] ?? ''
  const index = steps[2] !== undefined && /^\d+$/.test(steps[2]) ? ` ${Number(steps[2]) + 1}` : ''
  const label = `${FIELD_LABELS[/** @type {keyof typeof FIELD_LABELS} */ (top)] ?? top}${index}`
  return { label, text: describeValue(value) }
}

/** @param {unknown} value */
function describeValue(value) {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'object') return String(value)
  if (Array.isArray(value)) return value.map(describeValue).join('; ')
  const v = /** @type {Record<string, unknown>} */ (value)
  if (typeof v.name === 'string') {
    return [v.name, v.dateOfBirth ? `born ${v.dateOfBirth}` : '', v.role, v.nationality].filter(Boolean).join(' · ')
  }
  if (Array.isArray(v.lines) || v.postcode || v.town) {
    return [...(Array.isArray(v.lines) ? v.lines : []), v.town, v.postcode, v.country, v.uprn ? `UPRN ${v.uprn}` : ''].filter(Boolean).join(', ')
  }
  return Object.entries(v)
    .map(([key, item]) => `${key}: ${describeValue(item)}`)
    .join(', ')
}

/** @param {string} feature */
function featureLabel(feature) {
  const words = feature.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/**
 * One match, laid out field by field: the submitted value beside the register's, the reasons and
 * the group's handling instruction.
 * @param {any} match
 * @param {number} index
 * @param {Record<string, unknown> | undefined} supplier
 * @param {string} headingLevel
 */
export function matchCard(match, index, supplier, headingLevel = 'h3') {
  const submitted = submittedField(supplier, match.field)
  const headingId = uid('match')
  return h(
    'article',
    { class: `match${match.suppressed ? ' match-suppressed' : ''}`, 'aria-labelledby': headingId },
    h(
      headingLevel,
      { id: headingId },
      `Match ${index + 1}: ${match.group.ref} — ${match.entity.name}`,
      match.new ? h('span', { class: 'badge badge-new', text: 'new' }) : null,
    ),
    match.suppressed
      ? h('p', { class: 'note', text: 'Suppressed: an earlier “cleared” decision covers this pair, so it does not count toward the score.' })
      : null,
    h(
      'div',
      { class: 'compare' },
      h(
        'div',
        { class: 'side' },
        h('p', { class: 'side-title', text: 'Submitted' }),
        details([
          ['Field', h('span', {}, submitted.label, ' ', h('code', { text: match.field }))],
          ['Value', submitted.text || '(not shown)'],
        ]),
      ),
      h(
        'div',
        { class: 'side' },
        h('p', { class: 'side-title', text: 'Register' }),
        details([
          ['Entry', `${match.entity.kind}: ${match.entity.name}`],
          ['Match score', formatScore(match.score)],
        ]),
      ),
    ),
    table(
      `Why match ${index + 1} counts`,
      ['Feature', 'Submitted value', 'Register value', 'Why it counts', 'Score'],
      (match.reasons ?? []).map((/** @type {any} */ r) => [featureLabel(r.feature), r.query, r.candidate, r.detail, formatScore(r.score)]),
      { rowHeader: true, empty: 'No reasons given.' },
    ),
    h(
      'div',
      { class: 'group' },
      details([
        ['Group', match.group.ref],
        ['Force', match.group.force],
        ['Group risk level', badge(match.group.riskLevel)],
      ]),
      h(
        'div',
        { class: 'handling' },
        h('p', { class: 'handling-title', text: 'Handling instruction' }),
        h('p', { text: match.group.handling || '(none given)' }),
      ),
    ),
  )
}

const OUTCOMES = [
  ['cleared', 'Cleared', 'a false positive; also suppresses this match in later screenings'],
  ['referred', 'Referred', 'sent to the force'],
  ['confirmed', 'Confirmed', 'the link is confirmed'],
]

/**
 * An officer's decision form: outcome and note, posted to `url`; retries of one submission reuse
 * its Idempotency-Key, so a double click records one decision.
 * @param {string} url
 * @param {(decision: any) => void} onRecorded
 */
export function decisionForm(url, onRecorded) {
  const name = uid('outcome')
  const note = h('textarea', { name: 'note', maxlength: 2000, rows: 3 })
  let key = newIdempotencyKey()
  const form = h(
    'form',
    { class: 'decision-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', { text: 'Outcome' }),
      OUTCOMES.map(([value, label, hint]) => {
        const id = uid('outcome')
        return h(
          'div',
          { class: 'radio' },
          h('input', { type: 'radio', name, id, value, required: true }),
          h('label', { for: id }, h('strong', { text: label }), ` — ${hint}`),
        )
      }),
    ),
    field('Note', note, 'What you checked and why; kept in the decision history (at most 2,000 characters).'),
    h('button', { type: 'submit', text: 'Record decision' }),
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${name}"]:checked`))
    if (!chosen) {
      showError(new Error('Choose an outcome.'))(/** @type {HTMLInputElement | null} */ form.querySelector('input[type="radio"]'))?.focus()
      return
    }
    const text = /** @type {HTMLTextAreaElement} */ (note).value.trim()
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button'))
    button.disabled = true
    try {
      const { body } = await api(url, { method: 'POST', json: text ? { outcome: chosen.value, note: text } : { outcome: chosen.value }, idempotencyKey: key })
      key = newIdempotencyKey()
      onRecorded(body)
    } catch (error) {
      showError(error)
    } finally {
      button.disabled = false
    }
  })
  return form
}

/** The decision history of a screening, oldest first. @param {any[]} decisions */
export function decisionHistory(decisions) {
  return table(
    'Decision history (oldest first; the latest stands)',
    ['Outcome', 'Note', 'Decided by', 'Decided at', 'On alert'],
    decisions.map((d) => [d.outcome, d.note ?? '', d.decidedBy, formatDate(d.decidedAt), d.alertId ?? '']),
    { rowHeader: true, empty: 'No decision yet.' },
  )
}

/**
 * A "next page" control for cursor pagination.
 * @param {string | null} cursor
 * @param {(cursor: string) => void} load
 * @param {() => void} [first] back to the first page, when not on it
 */
export function pager(cursor, load, first) {
  return h(
    'div',
    { class: 'pager' },
    first ? h('button', { type: 'button', class: 'secondary', text: 'First page', onclick: first }) : null,
    cursor ? h('button', { type: 'button', text: 'Next page', onclick: () => load(cursor) }) : null,
  )
}
