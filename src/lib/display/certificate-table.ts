import type {SniEndpoint} from '../models.js'
import {escapeForDisplay} from '../display-text.js'
import {cliCommand} from '../cli-command.js'
import {classifyExpiry, renderExpiryMark, formatDate} from '../dates.js'
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
    const mark = renderExpiryMark(cert?.expiresAt, now, cert?.startsAt)
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

/**
 * One line for stderr naming the certificates that have expired or expire soon (classifyExpiry in dates.ts),
 * with the command that renews the first; undefined when none.
 */
export function summarizeExpiry(endpoints: SniEndpoint[], now: Date, app: string): string | undefined {
  const expired: string[] = []
  const expiring: string[] = []
  for (const e of endpoints) {
    const {days, state} = classifyExpiry(e.sslCert?.expiresAt, now, e.sslCert?.startsAt)
    if (state === 'expired') expired.push(e.name)
    if (state === 'expiring')
      expiring.push(`${e.name} ${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`}`)
  }

  const parts: string[] = []
  if (expired.length > 0) parts.push(`${expired.length} expired (${expired.join(', ')})`)
  if (expiring.length > 0) parts.push(`${expiring.length} expiring soon (${expiring.join(', ')})`)
  if (parts.length === 0) return undefined
  const names = [...expired, ...expiring.map((e) => e.split(' ')[0] as string)]
  const [first, ...others] = names
  const renew = `\`${cliCommand('certs:update', 'CRT', 'KEY', '--app', app, '--name', first as string)}\``
  const also = others.length > 0 ? `, and likewise --name ${others.join(', ')}` : ''
  return `Warning: ${parts.join('; ')}. Renew ${names.length === 1 ? 'it' : 'each'} with ${renew}${also}.`
}
