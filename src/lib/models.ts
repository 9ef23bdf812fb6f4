import type {SecretPem} from './x509/secret-pem.js'

/** Which platform a command talks to: the Heroku Platform API, or the embedded local platform. */
export type PlatformKind = 'heroku' | 'local'

/**
 * The models every platform returns. Adapters map their wire formats to these (camelCase), so
 * commands and renderers never see snake_case or `'ca_signed?'`. No model has a private key field.
 * `--json` prints Heroku's API shapes again: one mapper per resource at the output edge
 * (src/lib/display/domain-json.ts, src/lib/display/sni-endpoint-json.ts).
 */

/** What the platform knows of an endpoint's certificate. Fields are optional because Heroku may return `ssl_cert: {}`. */
export interface SslCert {
  /** The platform's id of this certificate (Heroku's `ssl_cert.id`); absent when the platform never gave one. */
  id?: string
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
  /**
   * Ids of the domains associated with this endpoint, in the platform's order (Heroku's `domains`).
   * Hostnames cost more requests on Heroku: ask `PlatformClient.getDomainsById` when output needs them.
   */
  domainIds: string[]
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
  app: {id?: string; name: string}
  /** Heroku's ACM status words: null (waiting), `pending`, `verified`, `cert issued`, `failing`, `failed`, ... */
  acmStatus: string | null
  acmStatusReason: string | null
  createdAt: string
  updatedAt: string
}

export type AcmChallengeType = 'dns-01' | 'http-01' | 'tls-alpn-01'
export type AcmKeyType = 'ecdsa' | 'rsa'

/** How the local platform obtains ACM certificates for an app (Heroku chooses for itself). */
export interface AcmSettings {
  /** RFC 8555 directory URL (Let's Encrypt production by default). */
  directoryUrl: string
  challenge: AcmChallengeType
  keyType: AcmKeyType
  /** A DNS-01 hook is configured. The command itself is never returned: it may hold credentials. */
  dnsHook: boolean
  /** External account binding key id, when the CA needs one (the HMAC key is never returned). */
  eabKid: string | null
}

/** Automated Certificate Management of an app: Heroku's `acm` flag, plus the local platform's settings. */
export interface AcmState {
  app: string
  enabled: boolean
  /** Local platform only. */
  settings?: AcmSettings
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether VALUE is a resource id: both platforms give endpoints and domains UUIDs (names are never UUIDs). */
export function isPlatformId(value: string): boolean {
  return UUID_PATTERN.test(value)
}

/** What the local TLS router needs to serve a hostname. The key stays wrapped until it is used. */
export interface ServingMaterial {
  endpointName: string
  certificateChain: string
  privateKey: SecretPem
}
