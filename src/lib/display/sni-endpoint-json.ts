import type {SniEndpoint, SslCert} from '../models.js'

/** Heroku's `ssl_cert` object, key for key. */
export interface SslCertJson {
  acm: boolean
  'ca_signed?': boolean
  cert_domains: string[]
  expires_at: string | null
  id: string | null
  issuer: string | null
  'self_signed?': boolean
  starts_at: string | null
  subject: string | null
}

/**
 * What sni adds to an endpoint, under its own key so that no Heroku key is ever renamed or shadowed.
 * Computed from data already fetched: never an extra request.
 */
export interface SniEndpointAdditions {
  /** SHA-256 of the leaf certificate, upper-case hex with colons (computed from certificate_chain). */
  fingerprint256?: string
  /** `RSA 2048`, `ECDSA P-256`, ... (computed from certificate_chain). */
  keyType?: string
  /**
   * Hostnames of the endpoint's domains, in the order of `domains`. Only where the command already
   * read them (certs:info --show-domains, certs:add, certs:update, certs:remove); absent otherwise.
   */
  domainHostnames?: string[]
}

/**
 * An SNI endpoint as `--json` prints it: the Heroku Platform API's SniEndpoint object, key for key and
 * in the API's order (`domains` holds domain ids, as the API sends them), then `sni` with what sni adds.
 * Schema: schemas/defs.json#/$defs/sniEndpoint.
 */
export interface SniEndpointJson {
  app: {id: string | null; name: string}
  certificate_chain: string
  created_at: string
  display_name: string | null
  domains: string[]
  id: string
  name: string
  ssl_cert: SslCertJson | null
  updated_at: string
  sni: SniEndpointAdditions
}

/** The output edge for SNI endpoints: our camelCase model to Heroku's snake_case object plus `sni`. */
export function toSniEndpointJson(endpoint: SniEndpoint, extra: {domainHostnames?: string[]} = {}): SniEndpointJson {
  const cert = endpoint.sslCert
  const sni: SniEndpointAdditions = {}
  if (cert?.fingerprint256 !== undefined) sni.fingerprint256 = cert.fingerprint256
  if (cert?.keyType !== undefined) sni.keyType = cert.keyType
  if (extra.domainHostnames !== undefined) sni.domainHostnames = extra.domainHostnames
  return {
    app: {id: endpoint.app.id ?? null, name: endpoint.app.name},
    certificate_chain: endpoint.certificateChain,
    created_at: endpoint.createdAt,
    display_name: endpoint.displayName,
    domains: [...endpoint.domainIds],
    id: endpoint.id,
    name: endpoint.name,
    ssl_cert: toSslCertJson(cert),
    updated_at: endpoint.updatedAt,
    sni,
  }
}

/** The output edge for a certificate: our model to Heroku's `ssl_cert` object, key for key. */
export function toSslCertJson(cert: SslCert | null): SslCertJson | null {
  if (!cert) return null
  return {
    acm: cert.acm,
    'ca_signed?': cert.caSigned,
    cert_domains: [...cert.certDomains],
    expires_at: cert.expiresAt ?? null,
    id: cert.id ?? null,
    issuer: cert.issuer ?? null,
    'self_signed?': cert.selfSigned,
    starts_at: cert.startsAt ?? null,
    subject: cert.subject ?? null,
  }
}
