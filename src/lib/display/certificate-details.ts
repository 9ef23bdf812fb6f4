import {describeHostname} from '../display-text.js'
import {formatDate} from '../dates.js'
import {renderStyledObject} from './styled-object.js'

/** What the details block needs; both a platform's SslCert and a local pre-flight summary fit it. */
export interface CertificateDetailsInput {
  caSigned: boolean
  certDomains: string[]
  expiresAt?: string
  issuer?: string
  startsAt?: string
  subject?: string
}

/**
 * Heroku's trust sentence. Like Heroku, "self signed" is decided by comparing issuer and subject;
 * unlike Heroku we never call an expired certificate trusted (the expiry mark says so separately).
 */
export function renderTrustSentence(details: Pick<CertificateDetailsInput, 'caSigned' | 'issuer' | 'subject'>): string {
  if (details.caSigned) return 'SSL certificate is verified by a root authority.'
  if (details.issuer !== undefined && details.issuer === details.subject) return 'SSL certificate is self signed.'
  return 'SSL certificate is not trusted.'
}

/**
 * The "Certificate details:" block, in Heroku's order and layout. `domains` (hostnames associated
 * on the platform) prints as Domain(s) when non-empty. Unlike Heroku, the endpoint's `name` comes
 * first when there is one: it is what --name, --cert and every later command take.
 */
export function renderCertificateDetails(
  details: CertificateDetailsInput,
  options: {domains?: string[]; heading?: string; name?: string} = {},
): string {
  const names = details.certDomains.map((n) => describeHostname(n))
  const block = renderStyledObject([
    ['Name', options.name],
    ['Common Name(s)', names.length > 0 ? names : ['(none: the certificate has no subjectAltName)']],
    ['Expires At', formatDate(details.expiresAt)],
    ['Issuer', details.issuer ?? 'unknown'],
    ['Starts At', formatDate(details.startsAt)],
    ['Subject', details.subject ?? 'unknown'],
    [
      'Domain(s)',
      options.domains && options.domains.length > 0 ? options.domains.map((d) => describeHostname(d)) : undefined,
    ],
  ])
  return [options.heading ?? 'Certificate details:', block, renderTrustSentence(details)].join('\n')
}
