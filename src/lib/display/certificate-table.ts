import type {SniEndpoint} from '../../platform/models.js'
import {escapeForDisplay} from '../cert/display-text.js'
import {classifyExpiry, renderExpiryMark} from './expiry.js'
import {formatDate} from './format-date.js'
import {renderTextTable} from './text-table.js'

/**
 * The `certs` table, with Heroku's columns and rules (sorted by name; Display Name only when some
 * endpoint has one; Domains only when some endpoint is not ACM), plus an expiry mark. An endpoint
 * with missing certificate details still gets a row instead of crashing the listing.
 */
export function renderCertificateTable(endpoints: SniEndpoint[], now: Date): string {
  const sorted = [...endpoints].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const showDisplayName = sorted.some((e) => e.displayName)
  const showDomains = sorted.some((e) => !e.sslCert?.acm)
  const headers = [
    'Name',
    ...(showDisplayName ? ['Display Name'] : []),
    'Common Name(s)',
    'Expires',
    'Trusted',
    'Type',
    ...(showDomains ? ['Domains'] : []),
  ]
  const rows = sorted.map((e) => {
    const cert = e.sslCert
    const mark = renderExpiryMark(cert?.expiresAt, now)
    return [
      e.name,
      ...(showDisplayName ? [escapeForDisplay(e.displayName ?? '')] : []),
      (cert?.certDomains ?? []).map((n) => escapeForDisplay(n)).join(', '),
      `${formatDate(cert?.expiresAt)}${mark ? ` ${mark}` : ''}`,
      cert?.caSigned ? 'True' : 'False',
      cert?.acm ? 'ACM' : 'SNI',
      ...(showDomains ? [cert?.acm ? '' : String(e.domainIds.length)] : []),
    ]
  })
  return renderTextTable(headers, rows)
}

/** One line for stderr naming certificates that have expired or expire soon; undefined when none. */
export function summarizeExpiry(endpoints: SniEndpoint[], now: Date): string | undefined {
  const expired: string[] = []
  const expiring: string[] = []
  for (const e of endpoints) {
    const {state} = classifyExpiry(e.sslCert?.expiresAt, now)
    if (state === 'expired') expired.push(e.name)
    if (state === 'expiring') expiring.push(e.name)
  }

  const parts: string[] = []
  if (expired.length > 0) parts.push(`${expired.length} expired (${expired.join(', ')})`)
  if (expiring.length > 0) parts.push(`${expiring.length} expiring within 30 days (${expiring.join(', ')})`)
  return parts.length > 0 ? `Warning: ${parts.join('; ')}. Renew them with certs:update.` : undefined
}
