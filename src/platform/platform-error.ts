import {ExitCode} from '../lib/exit-codes.js'
import {SniError} from '../lib/sni-error.js'

/** What a not-found error is about; the message follows Heroku's wording for each. */
export type PlatformResource = 'app' | 'SNI endpoint' | 'domain'

/**
 * Nothing found, worded exactly as the Heroku API does (`Couldn't find that app.`, id `not_found`), so
 * scripts see the same text on either platform. Exit 5: nothing changed.
 */
export function notFoundError(resource: PlatformResource, hint: string, details?: Record<string, unknown>): SniError {
  return new SniError(`Couldn't find that ${resource}.`, {code: 'not_found', details, exit: ExitCode.platformRefused, hint})
}

/** The platform refused the request (invalid or conflicting); exit 5, nothing changed. */
export function refusedError(message: string, code: string, hint: string, details?: Record<string, unknown>): SniError {
  return new SniError(message, {code, details, exit: ExitCode.platformRefused, hint})
}

/** The local store could not be read or written; exit 8. Codes start with `STORE_`. */
export function storeError(message: string, code: `STORE_${string}`, hint: string): SniError {
  return new SniError(message, {code, exit: ExitCode.store, hint})
}
