/**
 * When ACM certificates renew, and how failed attempts back off. Pure date arithmetic.
 *
 * The local platform renews once two thirds of a certificate's lifetime have passed (Let's
 * Encrypt's and certbot's advice: 30 days before the end of a 90-day certificate, and it scales
 * down to short-lived ones). ACME Renewal Information (RFC 9773) would let the CA choose the
 * window, but neither acme-client 5.4 nor Debian's pebble 2.4 speaks it.
 */
export function localRenewalAt(startsAt: string | undefined, expiresAt: string | undefined): Date | undefined {
  const start = Date.parse(startsAt ?? '')
  const end = Date.parse(expiresAt ?? '')
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return undefined
  return new Date(start + Math.floor(((end - start) * 2) / 3))
}

/** Heroku's renewal line: one calendar month before expiry (Heroku's certs:info and certs:auto). */
export function herokuRenewalAt(expiresAt: string | undefined): Date | undefined {
  const end = new Date(expiresAt ?? '')
  if (Number.isNaN(end.getTime())) return undefined
  const renewal = new Date(end)
  renewal.setUTCMonth(renewal.getUTCMonth() - 1)
  return renewal
}

/** First retry after a failure; doubles per failure in a row. */
export const RETRY_BASE_MS = 2 * 60 * 1000
/** Never more than this between attempts. */
export const RETRY_MAX_MS = 6 * 60 * 60 * 1000

/**
 * Wait before the next attempt after `failures` failed ones in a row: 2, 4, 8 ... minutes, at most
 * 6 hours. Two minutes first keeps a broken DNS record from spending Let's Encrypt's limit of 5
 * failed validations per hostname and hour within minutes.
 */
export function retryDelayMs(failures: number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 20))
  return Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_MAX_MS)
}
