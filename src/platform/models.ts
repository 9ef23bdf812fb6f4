/**
 * The models every platform returns. Adapters map their wire formats to these (camelCase), so
 * commands and renderers never see snake_case or `'ca_signed?'`. No model has a private key field.
 */

/** What the platform knows of an endpoint's certificate. Fields are optional because Heroku may return `ssl_cert: {}`. */
export interface SslCert {
  /** Leaf subjectAltName dNSNames. */
  certDomains: string[]
  /** ISO 8601. */
  expiresAt?: string
  startsAt?: string
  /** OpenSSL slash form: `/C=US/O=Example/CN=www.example.com`. */
  issuer?: string
  subject?: string
  /** The chain leads to a root the platform trusts. */
  caSigned: boolean
  selfSigned: boolean
  /** Issued and renewed by Automated Certificate Management. */
  acm: boolean
  /** SHA-256 of the leaf DER, upper-case hex with colons. */
  fingerprint256?: string
  /** `RSA 2048`, `ECDSA P-256`, ... */
  keyType?: string
}

export interface SniEndpoint {
  id: string
  /** Server generated, e.g. `tyrannosaurus-12345`. */
  name: string
  displayName: string | null
  app: {id?: string; name: string}
  /** PEM, leaf first. */
  certificateChain: string
  sslCert: SslCert | null
  /** Hostnames of the domains associated with this endpoint (not domain ids). */
  domains: string[]
  createdAt: string
  updatedAt: string
}

export type DomainKind = 'custom' | 'heroku'

export interface Domain {
  id: string
  hostname: string
  kind: DomainKind
  /** The DNS target to point a CNAME at; null for the platform's own domain or briefly after creation. */
  cname: string | null
  /** `pending`, `succeeded`, `failed`, `none`. */
  status: string
  sniEndpoint: {id: string; name: string} | null
  app: {name: string}
  acmStatus: string | null
  createdAt: string
  updatedAt: string
}
