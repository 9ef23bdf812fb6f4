import type {SniEndpoint, SslCert} from '../../lib/models.js'
import {leafFacts} from './leaf-facts.js'
import type {WireSniEndpoint, WireSslCert} from './wire-types.js'

function optional(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Heroku's `ssl_cert` as our model. `ssl_cert: {}` (allowed by Heroku's own types) becomes a cert with
 * no names and every flag false (renderers show what there is instead of crashing as heroku's table
 * does); null or a missing `ssl_cert` is null. The fingerprint and key type are computed from the
 * chain; the API sends neither.
 */
export function mapSslCert(
  wire: WireSslCert | null | undefined,
  certificateChain: string | null | undefined,
): SslCert | null {
  if (wire === null || wire === undefined || typeof wire !== 'object' || Array.isArray(wire)) return null
  const facts = leafFacts(certificateChain)
  const cert: SslCert = {
    acm: wire.acm === true,
    caSigned: wire['ca_signed?'] === true,
    certDomains: Array.isArray(wire.cert_domains)
      ? wire.cert_domains.filter((d): d is string => typeof d === 'string')
      : [],
    selfSigned: wire['self_signed?'] === true,
  }
  const expiresAt = optional(wire.expires_at)
  const startsAt = optional(wire.starts_at)
  const id = optional(wire.id)
  const issuer = optional(wire.issuer)
  const subject = optional(wire.subject)
  if (id !== undefined) cert.id = id
  if (expiresAt !== undefined) cert.expiresAt = expiresAt
  if (startsAt !== undefined) cert.startsAt = startsAt
  if (issuer !== undefined) cert.issuer = issuer
  if (subject !== undefined) cert.subject = subject
  if (facts) {
    cert.fingerprint256 = facts.fingerprint256
    cert.keyType = facts.keyType
  }

  return cert
}

/** Heroku's `domains` of an endpoint: domain ids, in the API's order (strings only). */
export function mapDomainIds(domains: string[] | null | undefined): string[] {
  return Array.isArray(domains) ? domains.filter((d): d is string => typeof d === 'string' && d !== '') : []
}

export function mapSniEndpoint(wire: WireSniEndpoint, app: string): SniEndpoint {
  const appRef: SniEndpoint['app'] = {name: optional(wire.app?.name) ?? app}
  const appId = optional(wire.app?.id)
  if (appId !== undefined) appRef.id = appId
  return {
    app: appRef,
    certificateChain: typeof wire.certificate_chain === 'string' ? wire.certificate_chain : '',
    createdAt: wire.created_at ?? '',
    displayName: optional(wire.display_name) ?? null,
    domainIds: mapDomainIds(wire.domains),
    id: wire.id,
    name: wire.name,
    sslCert: mapSslCert(wire.ssl_cert, wire.certificate_chain),
    updatedAt: wire.updated_at ?? '',
  }
}
