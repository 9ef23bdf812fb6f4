/**
 * Heroku's date format, `2020-02-01 00:00 UTC` (seconds dropped): in tables, details and finding
 * messages alike. Invalid or missing dates show as `unknown`.
 */
export function formatDate(iso: string | Date | undefined): string {
  if (!iso) return 'unknown'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return 'unknown'
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Whole days from `now` until `iso` (negative once passed). */
export function daysUntil(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined
  const time = new Date(iso).getTime()
  if (Number.isNaN(time)) return undefined
  return Math.floor((time - now.getTime()) / 86_400_000)
}

/** Certificates are marked in listings when less than this many days are left (Let's Encrypt renews at 30)... */
export const EXPIRY_WARNING_DAYS = 30

const DAY_MS = 86_400_000

/**
 * ...or, for a short-lived certificate, less than a third of its lifetime: ACME clients renew a
 * 90-day certificate with 30 days left, and the same rule keeps a fresh 30-day certificate (the
 * self-signed `certs:generate --days 30`) or a 47-day one (the CA/B Forum maximum from 2029) from
 * being flagged as soon as it is issued. Without a start date, the 30 days apply.
 */
export function expiryWarningMs(startsAt: string | undefined, expiresAt: string): number {
  const lifetime = new Date(expiresAt).getTime() - new Date(startsAt ?? '').getTime()
  const fixed = EXPIRY_WARNING_DAYS * DAY_MS
  return Number.isFinite(lifetime) && lifetime > 0 ? Math.min(fixed, lifetime / 3) : fixed
}

export type ExpiryState = 'expired' | 'expiring' | 'ok' | 'unknown'

export function classifyExpiry(
  expiresAt: string | undefined,
  now: Date,
  startsAt?: string,
): {days?: number; state: ExpiryState} {
  const days = daysUntil(expiresAt, now)
  if (days === undefined) return {state: 'unknown'}
  const left = new Date(expiresAt as string).getTime() - now.getTime()
  if (left <= 0) return {days, state: 'expired'}
  if (left < expiryWarningMs(startsAt, expiresAt as string)) return {days, state: 'expiring'}
  return {days, state: 'ok'}
}

/** The mark appended to an Expires cell: `(expired)`, `(expires in 3 days)`, or nothing. */
export function renderExpiryMark(expiresAt: string | undefined, now: Date, startsAt?: string): string {
  const {days, state} = classifyExpiry(expiresAt, now, startsAt)
  if (state === 'expired') return '(expired)'
  if (state === 'expiring') return days === 0 ? '(expires today)' : `(expires in ${days} day${days === 1 ? '' : 's'})`
  return ''
}
