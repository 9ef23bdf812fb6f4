import type {SniEndpoint, SslCert} from '../models.js'
import {leafFacts} from './leaf-facts.js'
import type {WireSniEndpoint, WireSslCert} from './wire-types.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function optional(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Heroku's `ssl_cert` as our model. `ssl_cert: {}` (allowed by Heroku's own types) becomes a cert with
 * no names and every flag false (renderers show what there is instead of crashing as heroku's table
 * does); null or a missing `ssl_cert` is null. The fingerprint and key type are computed from the
 * chain; the API sends neither.
 */
export function mapSslCert(wire: WireSslCert | null | undefined, certificateChain: string | null | undefined): SslCert | null {
  if (wire === null || wire === undefined || typeof wire !== 'object' || Array.isArray(wire)) return null
  const facts = leafFacts(certificateChain)
  const cert: SslCert = {
    acm: wire.acm === true,
    caSigned: wire['ca_signed?'] === true,
    certDomains: Array.isArray(wire.cert_domains) ? wire.cert_domains.filter((d): d is string => typeof d === 'string') : [],
    selfSigned: wire['self_signed?'] === true,
  }
  const expiresAt = optional(wire.expires_at)
  const startsAt = optional(wire.starts_at)
  const issuer = optional(wire.issuer)
  const subject = optional(wire.subject)
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

/**
 * The hostnames of an endpoint's `domains`. The API lists domain ids; `hostnamesById` (from one
 * listDomains call per listing) resolves them. An entry that is not an id is taken as a hostname
 * (older responses); an id no longer on the app (removed meanwhile) is left out. Sorted, as the local
 * platform returns them.
 */
export function resolveDomainHostnames(domains: string[] | null | undefined, hostnamesById: ReadonlyMap<string, string>): string[] {
  if (!Array.isArray(domains)) return []
  const hostnames = new Set<string>()
  for (const entry of domains) {
    if (typeof entry !== 'string') continue
    const hostname = hostnamesById.get(entry) ?? hostnamesById.get(entry.toLowerCase())
    if (hostname !== undefined) hostnames.add(hostname)
    else if (!UUID.test(entry)) hostnames.add(entry)
  }

  return [...hostnames].sort()
}

/** Whether mapping this endpoint needs domain ids resolved (so listDomains is called only when useful). */
export function hasDomainIds(wire: WireSniEndpoint): boolean {
  return Array.isArray(wire.domains) && wire.domains.some((d) => typeof d === 'string' && UUID.test(d))
}

export function mapSniEndpoint(wire: WireSniEndpoint, hostnamesById: ReadonlyMap<string, string>, app: string): SniEndpoint {
  const appRef: SniEndpoint['app'] = {name: optional(wire.app?.name) ?? app}
  const appId = optional(wire.app?.id)
  if (appId !== undefined) appRef.id = appId
  return {
    app: appRef,
    certificateChain: typeof wire.certificate_chain === 'string' ? wire.certificate_chain : '',
    createdAt: wire.created_at ?? '',
    displayName: optional(wire.display_name) ?? null,
    domains: resolveDomainHostnames(wire.domains, hostnamesById),
    id: wire.id,
    name: wire.name,
    sslCert: mapSslCert(wire.ssl_cert, wire.certificate_chain),
    updatedAt: wire.updated_at ?? '',
  }
}
