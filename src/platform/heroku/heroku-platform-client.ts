import {ExitCode} from '../../lib/exit-codes.js'
import {normalizeHostname} from '../../lib/hostname/normalize-hostname.js'
import {SniError} from '../../lib/sni-error.js'
import {assertAppName} from '../app-name.js'
import type {Domain, SniEndpoint} from '../models.js'
import type {CertificateInput, DomainInput, PlatformClient} from '../platform-client.js'
import {notFoundError} from '../platform-error.js'
import {OUTCOME_UNKNOWN} from './http/http-failure.js'
import {leafFacts} from './leaf-facts.js'
import {mapDomain} from './map-domain.js'
import {hasDomainIds, mapSniEndpoint} from './map-sni-endpoint.js'
import type {WireCertificateBody, WireDomain, WireDomainCreateBody, WireDomainUpdateBody, WireSniEndpoint} from './wire-types.js'

/** What the adapter needs of the HTTP client (http/heroku-http-client.ts); an interface so tests can stand in. */
export interface HerokuTransport {
  request<T>(req: {body?: unknown; method: 'DELETE' | 'GET' | 'PATCH' | 'POST'; path: string}): Promise<{body: T; status: number}>
  /** Every page (Range / Next-Range). */
  list<T>(path: string): Promise<T[]>
}

export interface HerokuPlatformClientOptions {
  http: HerokuTransport
  /** Waits between polls for DNS targets; injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>
  /** Heroku's CLI: once a second, up to 30 times. */
  pollIntervalMs?: number
  maxPolls?: number
  /** Clock for reconciling an upload whose outcome is unknown. */
  now?: () => number
  /**
   * After an upload that got no answer (timeout, connection lost), how long to keep looking for it
   * in the app's endpoints before giving up as "outcome unknown" (it is never sent again blindly).
   */
  uploadGraceMs?: number
  /** One-line notices for the user (e.g. an upload whose answer was lost was found). */
  onNotice?: (message: string) => void
}

const ENDPOINT_NAME = /^[a-z][a-z0-9-]{2,29}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** An endpoint created this long before an ambiguous upload began is not taken for its result (clock skew allowance). */
const RECONCILE_WINDOW_MS = 10 * 60 * 1000
/** Heroku's router gives up on a request after 30 s; an upload held that long and applied late shows up within this. */
export const DEFAULT_UPLOAD_GRACE_MS = 30_000
/** Listings while waiting for a lost upload: about ten over the grace period, never more often than every 250 ms. */
const GRACE_LISTINGS = 10

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

function isSniError(error: unknown): error is SniError {
  return error instanceof SniError
}

/**
 * The HTTP client's verdict for a request whose body was sent and whose result is unknown: a transient
 * failure (exit 7) saying so. A refusal (4xx, exit 5) is an answer, never "unknown".
 */
function isOutcomeUnknown(error: unknown): boolean {
  return isSniError(error) && error.exit === ExitCode.transient && (error.code === 'OUTCOME_UNKNOWN' || error.details?.outcomeUnknown === true)
}

/** The API answered (a status came back), so it has finished with the request: a listing now tells whether it was applied. */
function wasAnswered(error: unknown): boolean {
  return isSniError(error) && typeof error.details?.status === 'number'
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`
}

function isNotFound(error: unknown): boolean {
  return isSniError(error) && error.code === 'not_found'
}

function isTransient(error: unknown): boolean {
  return isSniError(error) && error.exit === ExitCode.transient
}

function segment(value: string): string {
  return encodeURIComponent(value)
}

/** Endpoint names follow Heroku's pattern, ids are UUIDs; anything else cannot exist and never reaches a URL. */
function endpointIdentity(nameOrId: string, app: string): string {
  if (ENDPOINT_NAME.test(nameOrId) || UUID.test(nameOrId)) return nameOrId
  throw notFoundError('SNI endpoint', `List the certificates of ${app} with \`sni certs --app ${app}\`.`, {app})
}

/** Domains are named by hostname (normalised, A-labels) or by id. */
function domainIdentity(hostnameOrId: string): string {
  return UUID.test(hostnameOrId) ? hostnameOrId.toLowerCase() : normalizeHostname(hostnameOrId, {allowWildcard: true}).ascii
}

function hostnamesById(domains: WireDomain[]): Map<string, string> {
  return new Map(domains.map((d) => [d.id.toLowerCase(), d.hostname]))
}

/** A cert name's prefilter: exact names, and `*.suffix` wildcards by suffix (callers match exactly). */
function mayCover(certDomains: string[]): (hostname: string) => boolean {
  const exact = new Set(certDomains.filter((n) => !n.startsWith('*.')).map((n) => n.toLowerCase()))
  const suffixes = certDomains.filter((n) => n.startsWith('*.')).map((n) => n.slice(1).toLowerCase())
  return (hostname) => {
    const host = hostname.toLowerCase()
    return exact.has(host) || suffixes.some((s) => host.endsWith(s) && host.length > s.length)
  }
}

/**
 * The Heroku platform through its Platform API (version 3). Wire JSON stays in this folder; callers
 * get the models. Endpoint `domains` arrive as domain ids and are resolved to hostnames with one
 * domain listing per call, never one request per domain. The private key is revealed only into the
 * body of the upload request.
 */
export class HerokuPlatformClient implements PlatformClient {
  readonly kind = 'heroku' as const
  readonly #http: HerokuTransport
  readonly #sleep: (ms: number) => Promise<void>
  readonly #pollIntervalMs: number
  readonly #maxPolls: number
  readonly #now: () => number
  readonly #uploadGraceMs: number
  readonly #onNotice?: (message: string) => void
  readonly #seenDomains = new Map<string, WireDomain>()

  constructor(options: HerokuPlatformClientOptions) {
    this.#http = options.http
    this.#sleep = options.sleep ?? defaultSleep
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000
    this.#maxPolls = options.maxPolls ?? 30
    this.#now = options.now ?? Date.now
    this.#uploadGraceMs = Math.max(0, options.uploadGraceMs ?? DEFAULT_UPLOAD_GRACE_MS)
    this.#onNotice = options.onNotice
  }

  async listSniEndpoints(app: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    // Both listings at once: the domain list (for hostnames) costs no extra round trip.
    const [wire, domains] = await Promise.all([
      this.#call(app, 'app', () => this.#http.list<WireSniEndpoint>(this.#endpointsPath(app))),
      this.#listDomainsWire(app),
    ])
    const byId = hostnamesById(domains)
    return wire.map((e) => mapSniEndpoint(e, byId, app))
  }

  async listSniEndpointsWithLeaf(app: string, fingerprint256: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    let wire: WireSniEndpoint[]
    try {
      wire = await this.#call(app, 'app', () => this.#http.list<WireSniEndpoint>(this.#endpointsPath(app)))
    } catch (error) {
      if (isNotFound(error)) return [] // as listMatchingDomains: the upload then gets the API's own answer
      throw error
    }

    // The domain listing (for hostnames) only when a match has domains.
    return this.#mapEndpoints(app, wire.filter((e) => leafFacts(e.certificate_chain)?.fingerprint256 === fingerprint256))
  }

  async getSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    const wire = await this.#getEndpointWire(app, nameOrId)
    return this.#mapEndpoint(app, wire)
  }

  /**
   * F3/F4: Heroku has no idempotency key, so an upload whose answer was lost is looked for, never sent
   * again blindly. When the API answered (5xx, a garbled 2xx) it is done with the request: one listing
   * tells, and if the certificate is not there it is sent once more, then checked for a late first copy.
   * When nothing answered (timeout, connection lost) the upload may still be applied later: the app's
   * endpoints are listed for a grace period, and if it does not show up the outcome stays unknown (exit 7).
   */
  async createSniEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    const startedAt = this.#now()
    let first: SniError
    try {
      return await this.#postEndpoint(app, input)
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error
      first = error as SniError
    }

    const found = await this.#awaitUpload(app, input, startedAt, first)
    if (found) return found
    if (!wasAnswered(first)) throw this.#stillUnknown(first, app)
    this.#onNotice?.('The API answered the upload with an error and no endpoint holds this certificate; sending it once more.')
    let resent: SniEndpoint
    try {
      resent = await this.#postEndpoint(app, input)
    } catch (error) {
      if (!isOutcomeUnknown(error)) throw error
      const late = await this.#awaitUpload(app, input, startedAt, error)
      if (late) return late
      throw this.#stillUnknown(error as SniError, app)
    }

    return this.#withoutLateCopy(app, input, startedAt, resent)
  }

  async updateSniEndpoint(app: string, nameOrId: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    const path = this.#endpointPath(app, nameOrId)
    const body: WireCertificateBody = {certificate_chain: input.certificateChain, private_key: input.privateKey.reveal()}
    const response = await this.#call(app, 'SNI endpoint', () => this.#http.request<WireSniEndpoint>({body, method: 'PATCH', path}))
    return this.#mapEndpoint(app, response.body)
  }

  async deleteSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    // The endpoint as it was: what the caller gets back, also when a retried DELETE finds it gone.
    const before = await this.#getEndpointWire(app, nameOrId)
    const removed = await this.#delete<WireSniEndpoint>(app, 'SNI endpoint', this.#endpointPath(app, nameOrId), {knownToExist: true})
    return this.#mapEndpoint(app, isWireEndpoint(removed) ? removed : before)
  }

  async listDomains(app: string): Promise<Domain[]> {
    assertAppName(app)
    return (await this.#listDomainsWire(app)).map((d) => mapDomain(d, app))
  }

  async listMatchingDomains(app: string, certDomains: string[]): Promise<Domain[]> {
    assertAppName(app)
    if (certDomains.length === 0) return []
    const covers = mayCover(certDomains)
    const candidates = (wire: WireDomain[]): WireDomain[] => wire.filter((d) => d.kind !== 'heroku' && covers(d.hostname))
    let found: WireDomain[]
    try {
      found = candidates(await this.#listDomainsWire(app))
    } catch (error) {
      if (isNotFound(error)) return [] // an app that does not exist has no domains
      throw error
    }

    // As Heroku's certs:add: a domain just added has no DNS target for a moment; wait (bounded) until
    // every candidate has one. Only the candidates matter, so unrelated new domains cost no waiting.
    for (let poll = 1; poll < this.#maxPolls && found.some((d) => d.cname === null || d.cname === undefined); poll++) {
      await this.#sleep(this.#pollIntervalMs)
      found = candidates(await this.#listDomainsWire(app))
    }

    return found.map((d) => mapDomain(d, app))
  }

  async getDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const path = this.#domainPath(app, hostname)
    const response = await this.#call(app, 'domain', () => this.#http.request<WireDomain>({method: 'GET', path}))
    this.#remember(response.body)
    return mapDomain(response.body, app)
  }

  async addDomain(app: string, input: DomainInput): Promise<Domain> {
    assertAppName(app)
    const body: WireDomainCreateBody = {
      hostname: normalizeHostname(input.hostname, {allowWildcard: true}).ascii,
      sni_endpoint: input.sniEndpoint === null ? null : endpointIdentity(input.sniEndpoint, app),
    }
    const response = await this.#call(app, 'domain', () => this.#http.request<WireDomain>({body, method: 'POST', path: this.#domainsPath(app)}))
    return mapDomain(response.body, app)
  }

  async updateDomain(app: string, hostname: string, change: {sniEndpoint: string | null}): Promise<Domain> {
    assertAppName(app)
    const path = this.#domainPath(app, hostname)
    const body: WireDomainUpdateBody = {sni_endpoint: change.sniEndpoint === null ? null : endpointIdentity(change.sniEndpoint, app)}
    const response = await this.#call(app, 'domain', () => this.#http.request<WireDomain>({body, method: 'PATCH', path}))
    return mapDomain(response.body, app)
  }

  async removeDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const path = this.#domainPath(app, hostname)
    const removed = await this.#delete<WireDomain>(app, 'domain', path, {knownToExist: false})
    if (isWireDomain(removed)) return mapDomain(removed, app)
    // Already removed (by this DELETE's earlier attempt): the domain as this run last read it.
    const identity = domainIdentity(hostname)
    const seen = this.#seenDomains.get(identity) ?? [...this.#seenDomains.values()].find((d) => d.id.toLowerCase() === identity)
    return mapDomain(seen ?? {cname: null, hostname: identity, id: '', kind: 'custom', sni_endpoint: null, status: 'none'}, app)
  }

  close(): void {
    // Nothing held open: each request ends its own connection use.
  }

  #endpointsPath(app: string): string {
    return `/apps/${segment(app)}/sni-endpoints`
  }

  #endpointPath(app: string, nameOrId: string): string {
    return `${this.#endpointsPath(app)}/${segment(endpointIdentity(nameOrId, app))}`
  }

  #domainsPath(app: string): string {
    return `/apps/${segment(app)}/domains`
  }

  #domainPath(app: string, hostnameOrId: string): string {
    return `${this.#domainsPath(app)}/${segment(domainIdentity(hostnameOrId))}`
  }

  /**
   * DELETE, idempotently (F10): a 404 after an attempt that may have been applied means the resource is
   * gone, which is what was asked; so does a 404 for a resource just read (`knownToExist`). When the HTTP
   * client's retries are spent on transient failures, one more DELETE tells. Resolves with the API's body,
   * or undefined when the resource was already gone.
   */
  async #delete<T>(app: string, resource: 'SNI endpoint' | 'domain', path: string, options: {knownToExist: boolean}): Promise<T | undefined> {
    const gone = (error: unknown): boolean => isNotFound(error) && (options.knownToExist || (error as SniError).details?.outcomeUnknown === true)
    try {
      return (await this.#http.request<T>({method: 'DELETE', path})).body
    } catch (error) {
      if (gone(error)) return undefined
      if (!isTransient(error) && !isOutcomeUnknown(error)) throw this.#withHint(error, app, resource)
    }

    try {
      return (await this.#http.request<T>({method: 'DELETE', path})).body
    } catch (error) {
      // This DELETE follows one that may have been applied: a 404 now means it was.
      if (isNotFound(error)) return undefined
      throw this.#withHint(error, app, resource)
    }
  }

  async #getEndpointWire(app: string, nameOrId: string): Promise<WireSniEndpoint> {
    const path = this.#endpointPath(app, nameOrId)
    return (await this.#call(app, 'SNI endpoint', () => this.#http.request<WireSniEndpoint>({method: 'GET', path}))).body
  }

  async #postEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint> {
    const body: WireCertificateBody = {certificate_chain: input.certificateChain, private_key: input.privateKey.reveal()}
    const response = await this.#call(app, 'app', () => this.#http.request<WireSniEndpoint>({body, method: 'POST', path: this.#endpointsPath(app)}))
    return this.#mapEndpoint(app, response.body)
  }

  /**
   * The endpoint an ambiguous upload created, if any: the newest one whose leaf has the uploaded
   * leaf's SHA-256 fingerprint and was not created before the upload began (minus a skew allowance).
   * After an unanswered upload the listing is repeated for the grace period. When a listing fails,
   * the original "outcome unknown" error stands.
   */
  async #awaitUpload(app: string, input: CertificateInput, startedAt: number, original: unknown): Promise<SniEndpoint | undefined> {
    const wanted = leafFacts(input.certificateChain)?.fingerprint256
    if (wanted === undefined) throw original
    const grace = wasAnswered(original) ? 0 : this.#uploadGraceMs
    const interval = Math.max(250, Math.ceil(grace / GRACE_LISTINGS))
    if (grace > 0) {
      this.#onNotice?.(`No answer to the upload; looking for it among the endpoints of ${app} for up to ${formatSeconds(grace)} before deciding (it is not sent again).`)
    }

    for (let waited = 0; ; waited += interval) {
      let endpoints: WireSniEndpoint[]
      try {
        endpoints = await this.#http.list<WireSniEndpoint>(this.#endpointsPath(app))
      } catch {
        throw original
      }

      const newest = this.#uploadedCopies(endpoints, wanted, startedAt).at(-1)
      if (newest) {
        this.#onNotice?.(`The answer to the upload was lost, but it had succeeded: ${newest.name} holds this certificate.`)
        return this.#mapEndpoint(app, newest)
      }

      if (waited >= grace) return undefined
      await this.#sleep(Math.min(interval, grace - waited))
    }
  }

  /** Endpoints with this leaf created since the upload began (minus the skew allowance), oldest first. */
  #uploadedCopies(endpoints: WireSniEndpoint[], fingerprint256: string, startedAt: number): WireSniEndpoint[] {
    return endpoints.filter((e) => {
      if (leafFacts(e.certificate_chain)?.fingerprint256 !== fingerprint256) return false
      const created = Date.parse(e.created_at ?? '')
      return Number.isNaN(created) || created >= startedAt - RECONCILE_WINDOW_MS
    })
  }

  /**
   * After a re-sent upload: the first one may have been applied late after all. Then the copy just made
   * is removed again and the first one returned, so one upload never leaves two endpoints.
   */
  async #withoutLateCopy(app: string, input: CertificateInput, startedAt: number, resent: SniEndpoint): Promise<SniEndpoint> {
    const wanted = leafFacts(input.certificateChain)?.fingerprint256
    let endpoints: WireSniEndpoint[]
    try {
      endpoints = wanted === undefined ? [] : await this.#http.list<WireSniEndpoint>(this.#endpointsPath(app))
    } catch {
      return resent // the re-sent upload succeeded; a late first copy cannot be looked for now
    }

    const earlier = this.#uploadedCopies(endpoints, wanted ?? '', startedAt).find((e) => e.id !== resent.id)
    if (!earlier) return resent
    try {
      await this.#http.request<WireSniEndpoint>({method: 'DELETE', path: this.#endpointPath(app, resent.id)})
    } catch {
      this.#onNotice?.(
        `The first upload arrived late as ${earlier.name}, so ${resent.name} holds the same certificate; remove one with: sni certs:remove --name ${resent.name} --app ${app}`,
      )
      return resent
    }

    this.#onNotice?.(`The first upload arrived late as ${earlier.name}; the second copy, ${resent.name}, was removed again.`)
    return this.#mapEndpoint(app, earlier)
  }

  /** Exit 7: the upload got no answer and did not show up in the grace period; it may still be applied. */
  #stillUnknown(error: SniError, app: string): SniError {
    const cause = error.message.endsWith(`; ${OUTCOME_UNKNOWN}`) ? error.message.slice(0, -OUTCOME_UNKNOWN.length - 2) : error.message
    const after = wasAnswered(error) ? '; then' : `, and after ${formatSeconds(this.#uploadGraceMs)} more`
    return new SniError(`${cause}${after} no endpoint of ${app} holds this certificate, but the upload may still be applied: the outcome is unknown`, {
      code: 'OUTCOME_UNKNOWN',
      details: {...error.details, outcomeUnknown: true},
      exit: ExitCode.transient,
      hint: `Check with: sni certs --app ${app} before trying again.`,
    })
  }

  async #listDomainsWire(app: string): Promise<WireDomain[]> {
    const domains = await this.#call(app, 'app', () => this.#http.list<WireDomain>(this.#domainsPath(app)))
    for (const domain of domains) this.#remember(domain)
    return domains
  }

  /** Domains read in this run, by hostname: what removeDomain returns for a domain its retried DELETE found gone. */
  #remember(domain: WireDomain): void {
    if (typeof domain?.hostname === 'string' && typeof domain.id === 'string') this.#seenDomains.set(domain.hostname.toLowerCase(), domain)
  }

  async #mapEndpoint(app: string, wire: WireSniEndpoint): Promise<SniEndpoint> {
    return (await this.#mapEndpoints(app, [wire]))[0] as SniEndpoint
  }

  /** One domain listing for the whole batch, and only when some endpoint has domain ids. */
  async #mapEndpoints(app: string, wire: WireSniEndpoint[]): Promise<SniEndpoint[]> {
    const byId = wire.some((e) => hasDomainIds(e)) ? hostnamesById(await this.#listDomainsWire(app)) : new Map<string, string>()
    return wire.map((e) => mapSniEndpoint(e, byId, app))
  }

  async #call<T>(app: string, resource: 'app' | 'SNI endpoint' | 'domain', run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw this.#withHint(error, app, resource)
    }
  }

  /** Every SniError the adapter passes on says what to do next; the HTTP client's own hint wins. */
  #withHint(error: unknown, app: string, resource: 'app' | 'SNI endpoint' | 'domain'): unknown {
    if (!isSniError(error) || error.hint) return error
    const hint = isNotFound(error)
      ? {
          'SNI endpoint': `List the certificates of ${app} with \`sni certs --app ${app}\`.`,
          app: 'Check the app name (heroku apps lists yours) and that your account can access it.',
          domain: `List the domains of ${app} with \`sni domains --app ${app}\`.`,
        }[resource]
      : error.exit === ExitCode.platformRefused
        ? 'The platform refused the request; nothing was changed.'
        : 'Run again with DEBUG=* for details.'
    return new SniError(error.message, {code: error.code, details: error.details, exit: error.exit, hint})
  }
}

function isWireDomain(value: unknown): value is WireDomain {
  return typeof value === 'object' && value !== null && typeof (value as WireDomain).id === 'string' && typeof (value as WireDomain).hostname === 'string'
}

function isWireEndpoint(value: unknown): value is WireSniEndpoint {
  return typeof value === 'object' && value !== null && typeof (value as WireSniEndpoint).id === 'string' && typeof (value as WireSniEndpoint).name === 'string'
}
