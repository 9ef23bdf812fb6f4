/** First backoff ceiling; it doubles per attempt up to BACKOFF_CAP_MS. */
export const BACKOFF_BASE_MS = 500
export const BACKOFF_CAP_MS = 8000
/** A `Retry-After` longer than this fails at once, saying the wait, instead of hanging the command. */
export const RETRY_AFTER_LIMIT_MS = 60_000

/**
 * Full-jitter exponential backoff (AWS): a uniform wait in [0, min(cap, base × 2^(attempt-1))) after the
 * given failed attempt (1-based), so concurrent clients spread out.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1))
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.min(ceiling, Math.floor(r * ceiling))
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return undefined
  return Math.max(0, date - now)
}
