import {daysUntil} from './format-date.js'

/** Certificates expiring within this many days are marked in listings (Let's Encrypt renews at 30). */
export const EXPIRY_WARNING_DAYS = 30

export type ExpiryState = 'expired' | 'expiring' | 'ok' | 'unknown'

export function classifyExpiry(expiresAt: string | undefined, now: Date): {days?: number; state: ExpiryState} {
  const days = daysUntil(expiresAt, now)
  if (days === undefined) return {state: 'unknown'}
  if (new Date(expiresAt as string).getTime() <= now.getTime()) return {days, state: 'expired'}
  if (days < EXPIRY_WARNING_DAYS) return {days, state: 'expiring'}
  return {days, state: 'ok'}
}

/** The mark appended to an Expires cell: `(expired)`, `(expires in 3 days)`, or nothing. */
export function renderExpiryMark(expiresAt: string | undefined, now: Date): string {
  const {days, state} = classifyExpiry(expiresAt, now)
  if (state === 'expired') return '(expired)'
  if (state === 'expiring') return days === 0 ? '(expires today)' : `(expires in ${days} day${days === 1 ? '' : 's'})`
  return ''
}
