import {escapeForDisplay} from '../display-text.js'
import {usageError} from '../sni-error.js'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i

function reject(input: string, problem: string): never {
  throw usageError(
    `--at "${escapeForDisplay(input)}" is not a time sni can use: ${problem}.`,
    'INVALID_TIME',
    'Give an ISO 8601 date (2026-12-01, midnight UTC) or date and time with a zone (2026-12-01T09:30:00Z, 2026-12-01T10:30:00+01:00).',
  )
}

/**
 * Reads `--at`: an ISO 8601 date (midnight UTC) or a date and time with `Z` or an offset. A time
 * without a zone is refused rather than guessed (it would silently be this machine's local time).
 */
export function parseIsoTime(input: string): Date {
  const text = input.trim()
  const date = DATE.exec(text)
  const dateTime = date ? undefined : DATE_TIME.exec(text)
  if (!date && !dateTime) reject(input, 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z')
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = (date ??
    dateTime) as RegExpExecArray
  if (dateTime && !dateTime[8]) reject(input, 'the time has no zone (add Z for UTC, or an offset such as +01:00)')
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
  const parsed = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`)
  // the round trip catches 2026-02-30 and 25:00, which Date would roll over or refuse
  const check = new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)),
  )
  check.setUTCFullYear(Number(year))
  const valid =
    !Number.isNaN(parsed.getTime()) &&
    check.getUTCFullYear() === Number(year) &&
    check.getUTCMonth() === Number(month) - 1 &&
    check.getUTCDate() === Number(day) &&
    check.getUTCHours() === Number(hour) &&
    check.getUTCMinutes() === Number(minute) &&
    check.getUTCSeconds() === Number(second)
  if (!valid) reject(input, 'no such date or time')
  return parsed
}
