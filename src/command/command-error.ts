// The failures of a bidscreen command that its user can act on: a refused token, a missing file,
// a watchlist that is not there. runCli (src/cli.ts) logs them by their message alone.

/** A failure whose message, one line, says all the user needs: no stack trace to go with it. */
export class CommandError extends Error {
  override name = 'CommandError'
}

/** The service answered with a problem (application/problem+json) the command cannot go on from. */
export class ApiProblemError extends CommandError {
  override name = 'ApiProblemError'

  constructor(
    readonly status: number,
    readonly problem: Problem,
    what: string,
  ) {
    // The problem's title, code and detail are the service's own words; they quote no personal data.
    super(`${what}: ${status} ${problem.code ?? ''} ${problem.detail ?? problem.title ?? ''}`.replace(/\s+/g, ' ').trim())
  }
}

/** What the service's problem details (openapi.yaml `Problem`) carry that a command prints. */
export interface Problem {
  code?: string
  title?: string
  detail?: string
  totalErrors?: number
  errors?: { row?: number; field?: string; column?: string; code: string; message: string }[]
}
