import {escapeForDisplay} from '../lib/display-text.js'
import {usageError} from '../lib/sni-error.js'

/**
 * Heroku app names: a lower-case letter, then 1 to 29 lower-case letters, digits or dashes
 * (`^[a-z][a-z0-9-]{1,29}$`, so 2 to 30 characters). Checked before a name reaches any query, URL or path.
 */
export const APP_NAME_PATTERN = /^[a-z][a-z0-9-]{1,29}$/

/** Returns the app name when it is valid, else throws a usage error (exit 2). */
export function assertAppName(app: string): string {
  if (APP_NAME_PATTERN.test(app)) return app
  throw usageError(
    `App name "${escapeForDisplay(app.slice(0, 64))}" is not valid.`,
    'APP_NAME_INVALID',
    'Use the app name as the platform shows it: 2 to 30 lower-case letters, digits and dashes, starting with a letter.',
  )
}
