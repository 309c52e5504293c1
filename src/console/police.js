// A force's views: its watchlists, their versions, uploads with per-row errors, and hits.
import { ApiError, api } from './api.js'
import { h, replace } from './dom.js'
import { announce, badge, details, field, focusHeading, formatDate, formatScore, pager, showError, table } from './ui.js'

/** @param {HTMLElement} view */
export async function watchlistsView(view) {
  const heading = h('h1', { text: 'Watchlists' })
  const results = h('div', { class: 'results' })
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off' })
  const description = h('textarea', { name: 'description', maxlength: 2000, rows: 2 })
  const form = h(
    'form',
    { class: 'create', 'aria-labelledby': 'create-heading' },
    h('h2', { id: 'create-heading', text: 'New watchlist' }),
    field('Name', name),
    field('Description', description, 'Optional; what the list holds and who keeps it.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Create watchlist' })),
  )
  replace(view, heading, results, form)
  focusHeading(heading)

  /** @param {string} [cursor] */
  const load = async (cursor) => {
    try {
      const { body } = await api('/v1/watchlists', { query: { limit: '50', cursor } })
      replace(
        results,
        table(
          'Your force’s watchlists',
          ['Name', 'Description', 'Current version', 'Groups', 'Entities', 'Updated'],
          body.items.map((/** @type {any} */ w) => [
            h('a', { href: `#/watchlists/${encodeURIComponent(w.id)}`, text: w.name }),
            w.description ?? '',
            w.currentVersion ? String(w.currentVersion.version) : 'no content yet',
            w.currentVersion ? String(w.currentVersion.counts.groups) : '0',
            w.currentVersion ? String(w.currentVersion.counts.entities) : '0',
            formatDate(w.updatedAt),
          ]),
          { rowHeader: true, empty: 'No watchlist yet: create one below.' },
        ),
        pager(body.nextCursor, (next) => void load(next), cursor ? () => void load() : undefined),
      )
    } catch (error) {
      showError(error)
    }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const value = /** @type {HTMLInputElement} */ (name).value.trim()
    if (!value) {
      showError(new Error('Give the watchlist a name.'))
      name.focus()
      return
    }
    const text = /** @type {HTMLTextAreaElement} */ (description).value.trim()
    try {
      const { body } = await api('/v1/watchlists', { method: 'POST', json: text ? { name: value, description: text } : { name: value } })
      announce(`Watchlist “${body.name}” created.`)
      window.location.hash = `#/watchlists/${encodeURIComponent(body.id)}`
    } catch (error) {
      showError(error)
    }
  })
  await load()
}

/** @param {HTMLElement} view @param {string} id */
export async function watchlistView(view, id) {
  const base = `/v1/watchlists/${encodeURIComponent(id)}`
  const { body: w } = await api(base)
  const heading = h('h1', {}, `Watchlist: ${w.name}`)
  const facts = h('div', {})
  const versions = h('div', {})
  const hits = h('div', {})
  const uploadErrors = h('div', { class: 'upload-errors' })
  const file = h('input', { type: 'file', name: 'content', accept: '.json,.csv,application/json,text/csv', required: true })
  const upload = h(
    'form',
    { class: 'upload', 'aria-labelledby': 'upload-heading' },
    h('h2', { id: 'upload-heading', text: 'Upload new content' }),
    field(
      'Content file (JSON or CSV)',
      file,
      'Replaces the whole list as a new version. All rows must be valid, or nothing changes and every bad row is listed. A .csv file is sent as CSV, anything else as JSON.',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Upload' })),
    uploadErrors,
  )

  const showFacts = (/** @type {any} */ list) =>
    replace(
      facts,
      details([
        ['Description', list.description ?? ''],
        ['Current version', list.currentVersion ? String(list.currentVersion.version) : 'no content yet'],
        ['Groups', list.currentVersion ? String(list.currentVersion.counts.groups) : '0'],
        ['Entities', list.currentVersion ? String(list.currentVersion.counts.entities) : '0'],
        ['Created', formatDate(list.createdAt)],
        ['Updated', formatDate(list.updatedAt)],
      ]),
    )

  /** @param {string} [cursor] */
  const loadVersions = async (cursor) => {
    const { body } = await api(`${base}/versions`, { query: { limit: '20', cursor } })
    replace(
      versions,
      table(
        'Versions, newest first',
        ['Version', 'Format', 'Groups', 'Entities', 'Uploaded by', 'Uploaded at', 'Register version', 'SHA-256'],
        body.items.map((/** @type {any} */ v) => [
          String(v.version),
          v.format.toUpperCase(),
          String(v.counts.groups),
          String(v.counts.entities),
          v.uploadedBy,
          formatDate(v.uploadedAt),
          String(v.registerVersion),
          h('code', { title: v.sha256, text: `${v.sha256.slice(0, 12)}…` }),
        ]),
        { rowHeader: true, empty: 'No version yet: upload the list’s content below.' },
      ),
      pager(body.nextCursor, (next) => void loadVersions(next).catch(showError), cursor ? () => void loadVersions().catch(showError) : undefined),
    )
  }

  /** @param {string} [cursor] */
  const loadHits = async (cursor) => {
    const { body } = await api(`${base}/hits`, { query: { limit: '25', cursor } })
    replace(
      hits,
      table(
        'Screenings that matched this list’s groups, newest first',
        ['Authority', 'Group', 'Band', 'Best score', 'Screened at', 'Screening'],
        body.items.map((/** @type {any} */ hit) => [
          hit.authority.name,
          hit.groupRef,
          badge(hit.band),
          formatScore(hit.bestScore),
          formatDate(hit.screenedAt),
          h('code', { text: hit.screeningId }),
        ]),
        { rowHeader: true, empty: 'No authority has matched these groups yet.' },
      ),
      pager(body.nextCursor, (next) => void loadHits(next).catch(showError), cursor ? () => void loadHits().catch(showError) : undefined),
    )
  }

  upload.addEventListener('submit', async (event) => {
    event.preventDefault()
    replace(uploadErrors)
    const chosen = /** @type {HTMLInputElement} */ (file).files?.[0]
    if (!chosen) {
      showError(new Error('Choose a file to upload.'))
      file.focus()
      return
    }
    const csv = chosen.name.toLowerCase().endsWith('.csv') || chosen.type === 'text/csv'
    const button = /** @type {HTMLButtonElement} */ (upload.querySelector('button'))
    button.disabled = true
    announce(`Uploading ${chosen.name}…`)
    try {
      const { status, body } = await api(`${base}/content`, { method: 'PUT', body: chosen, contentType: csv ? 'text/csv' : 'application/json' })
      announce(
        status === 201
          ? `Version ${body.version} stored: ${body.counts.groups} groups, ${body.counts.entities} entities. It is live in the register.`
          : 'Identical to the current version: nothing stored.',
      )
      const fresh = await api(base)
      showFacts(fresh.body)
      await loadVersions()
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && Array.isArray(error.problem.errors)) showUploadErrors(uploadErrors, error.problem)
      else showError(error)
    } finally {
      button.disabled = false
    }
  })

  showFacts(w)
  replace(
    view,
    h('p', {}, h('a', { href: '#/watchlists', text: '← All watchlists' })),
    heading,
    facts,
    upload,
    h('section', { 'aria-labelledby': 'versions-heading' }, h('h2', { id: 'versions-heading', text: 'Versions' }), versions),
    h('section', { 'aria-labelledby': 'hits-heading' }, h('h2', { id: 'hits-heading', text: 'Hits on these groups' }), hits),
  )
  focusHeading(heading)
  await Promise.all([loadVersions(), loadHits()])
}

/** The 422's rows, one per error: where, which column, the code and the message. @param {HTMLElement} region @param {any} problem */
function showUploadErrors(region, problem) {
  const total = typeof problem.totalErrors === 'number' ? problem.totalErrors : problem.errors.length
  const heading = h('h3', { text: `The upload was refused: ${total} error${total === 1 ? '' : 's'}. Nothing was changed.` })
  replace(
    region,
    heading,
    total > problem.errors.length ? h('p', { class: 'hint', text: `The first ${problem.errors.length} are listed.` }) : null,
    table(
      'Errors in the upload, by row',
      ['Row', 'Field', 'Column', 'Code', 'Message'],
      // By row, then as the service listed them (a JSON upload's errors have a field path, no row).
      [...problem.errors]
        .sort((/** @type {any} */ a, /** @type {any} */ b) => (a.row ?? 0) - (b.row ?? 0))
        .map((/** @type {any} */ e) => [e.row === undefined ? '' : String(e.row), e.field ?? '', e.column ?? '', e.code, e.message]),
      { rowHeader: true },
    ),
  )
  focusHeading(heading)
  announce(`Upload refused: ${total} error${total === 1 ? '' : 's'}; nothing was changed.`)
}
