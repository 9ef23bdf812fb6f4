import type {SecretPem} from '../lib/x509/secret-pem.js'
import type {AcmChallengeType, AcmKeyType, AcmState, Domain, PlatformKind, SniEndpoint} from '../lib/models.js'

/** What an endpoint is created or updated from. The chain is normalised PEM, leaf first. */
export interface CertificateInput {
  certificateChain: string
  privateKey: SecretPem
}

export interface DomainInput {
  hostname: string
  /** Endpoint name or id to associate, or null for none. */
  sniEndpoint: string | null
}

/**
 * What the local platform needs to obtain ACM certificates. Heroku takes none (it is its own CA
 * client); passing them to the heroku platform is a usage error.
 */
export interface AcmEnableInput {
  directoryUrl: string
  challenge: AcmChallengeType
  keyType: AcmKeyType
  /** Shell command called to publish and clean up DNS-01 TXT records. */
  dnsHook?: string
  /** External account binding, for CAs that need it. */
  eab?: {kid: string; hmacKey: SecretPem}
}

/**
 * The platform seam: small and task-shaped. Every method validates the app name (see app-name.ts)
 * before it reaches a query, URL or path, and fails with an `SniError` (see platform-error.ts).
 * Endpoints are named by name or id; domains by hostname (or id).
 */
export interface PlatformClient {
  readonly kind: PlatformKind
  /** In creation order. */
  listSniEndpoints(app: string): Promise<SniEndpoint[]>
  /**
   * The app's endpoints whose leaf certificate has this SHA-256 fingerprint (upper-case hex with
   * colons, as SslCert.fingerprint256), in creation order: what certs:add reuses. An app that does
   * not exist has none. Costs no more than the matches on the local platform (large apps stay fast).
   */
  listSniEndpointsWithLeaf(app: string, fingerprint256: string): Promise<SniEndpoint[]>
  getSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint>
  createSniEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint>
  /** Replaces chain and key; keeps the name and the domain associations. */
  updateSniEndpoint(app: string, nameOrId: string, input: CertificateInput): Promise<SniEndpoint>
  /** Returns the endpoint as it was; its domains are left without an endpoint. */
  deleteSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint>
  listDomains(app: string): Promise<Domain[]>
  /**
   * The app's custom domains that a certificate with these names may cover (a superset is fine:
   * callers apply exact RFC 6125 matching). Lets certs:add avoid listing every domain of large
   * apps. An app that does not exist yet has none.
   */
  listMatchingDomains(app: string, certDomains: string[]): Promise<Domain[]>
  getDomain(app: string, hostname: string): Promise<Domain>
  /**
   * The domains with these ids (an endpoint's `domainIds`), in the order given; an id no longer on the
   * app is left out. For output that names an endpoint's domains: costs requests on Heroku.
   */
  getDomainsById(app: string, ids: string[]): Promise<Domain[]>
  addDomain(app: string, input: DomainInput): Promise<Domain>
  updateDomain(app: string, hostname: string, change: {sniEndpoint: string | null}): Promise<Domain>
  removeDomain(app: string, hostname: string): Promise<Domain>
  /** Whether Automated Certificate Management is on (Heroku: `GET /apps/{app}`'s `acm`). */
  getAcm(app: string): Promise<AcmState>
  /**
   * Turns ACM on: every custom domain gets a certificate from the platform's CA (asynchronously;
   * domain `acmStatus` shows progress). Local settings are required on the local platform.
   */
  enableAcm(app: string, input?: AcmEnableInput): Promise<AcmState>
  /** Turns ACM off and removes the ACM certificates: their domains are left without one. */
  disableAcm(app: string): Promise<AcmState>
  /** Retries ACM for domains that failed (Heroku: `PATCH /apps/{app}/acm {"acm_refresh": true}`). */
  refreshAcm(app: string): Promise<AcmState>
  /**
   * The app whose custom domain HOSTNAME is, or null when no app has it; left out by platforms that
   * cannot see other apps (Heroku). Lets a hint say "that is another app's domain" instead of
   * suggesting a `domains:add` that would fail.
   */
  findDomainOwner?(hostname: string): Promise<string | null>
  /** Releases resources (database handle, sockets). Safe to call twice. */
  close(): void
}
