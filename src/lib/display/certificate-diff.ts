import type {CertificateDiff} from '../ssl-cert.js'
import {formatDate} from '../dates.js'

function change(label: string, from: string | undefined, to: string | undefined): string {
  return from === to
    ? `  ${label}: ${to ?? 'unknown'} (unchanged)`
    : `  ${label}: ${from ?? 'unknown'} -> ${to ?? 'unknown'}`
}

/** What `certs:update` will change, old against new. */
export function renderCertificateDiff(diff: CertificateDiff): string {
  return [
    'Changes:',
    `  names added: ${diff.namesAdded.join(', ') || 'none'}`,
    `  names removed: ${diff.namesRemoved.join(', ') || 'none'}`,
    change(
      'expires',
      diff.expiresAt.from && formatDate(diff.expiresAt.from),
      diff.expiresAt.to && formatDate(diff.expiresAt.to),
    ),
    change('issuer', diff.issuer.from, diff.issuer.to),
    change('key', diff.keyType.from, diff.keyType.to),
  ].join('\n')
}
