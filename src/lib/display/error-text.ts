import type {SniError} from '../sni-error.js'

/** Platform error ids (`not_found`, `invalid_params`...) are lower snake case; our own codes are upper case. */
const API_ERROR_ID = /^[a-z][a-z0-9_]{0,63}$/

/**
 * An error's text for a terminal, with the platform's error id as Heroku's CLI shows it: the message, a
 * blank line, `Error ID: not_found` (and `See URL for more information.` when the API sent a link).
 * The `--json` error keeps the bare message; the id is its `code`.
 */
export function renderErrorText(error: SniError): string {
  const fromApi = error.details?.id
  const id = typeof fromApi === 'string' ? fromApi : API_ERROR_ID.test(error.code) ? error.code : undefined
  const url = typeof error.details?.url === 'string' ? error.details.url : undefined
  const info = [
    ...(id === undefined ? [] : [`Error ID: ${id}`]),
    ...(url === undefined ? [] : [`See ${url} for more information.`]),
  ]
  return info.length === 0 ? error.message : [error.message, '', ...info].join('\n')
}
