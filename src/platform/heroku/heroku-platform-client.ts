import {ExitCode} from '../../lib/exit-codes.js'
import {normalizeHostname} from '../../lib/hostname/normalize-hostname.js'
import {SniError, usageError} from '../../lib/sni-error.js'
import {assertAppName} from '../app-name.js'
import type {AcmState, Domain, SniEndpoint} from '../models.js'
import type {AcmEnableInput, CertificateInput, DomainInput, PlatformClient} from '../platform-client.js'
import {notFoundError} from '../platform-error.js'
import {leafFacts} from './leaf-facts.js'
import {mapDomain} from './map-domain.js'
import {mapSniEndpoint} from './map-sni-endpoint.js'
import type {WireAcmRefreshBody, WireApp, WireCertificateBody, WireDomain, WireDomainCreateBody, WireDomainUpdateBody, WireSniEndpoint} from './wire-types.js'

/** What the adapter needs of the HTTP client (http/heroku-http-client.ts); an interface so tests can stand in. */
export interface HerokuTransport {
  request<T>(req: {body?: unknown; method: 'DELETE' | 'GET' | 'PATCH' | 'POST'; path: string}): Promise<{body: T; status: number}>
  /** Every page (Range / Next-Range); `firstRange: null` sends no Range header on the first request. */
  list<T>(path: string, options?: {firstRange?: string | null}): Promise<T[]>
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
  /** One-line notices for the user (e.g. an upload whose answer was lost was found). */
  onNotice?: (message: string) => void
}

const ENDPOINT_NAME = /^[a-z][a-z0-9-]{2,29}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** An endpoint created this long before an ambiguous upload began is not taken for its result (clock skew allowance). */
const RECONCILE_WINDOW_MS = 10 * 60 * 1000
/** Up to this many domain ids are read one GET each; more cost fewer requests as one listing (1,000 a page). */
const PER_ID_LIMIT = 10
const PER_ID_CONCURRENCY = 5

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
 * get the models. One request per fact: endpoint `domains` stay domain ids (resolved only through
 * getDomainsById, by the commands whose output names them). The private key is revealed only into
 * the body of the upload request.
 */
export class HerokuPlatformClient implements PlatformClient {
  readonly kind = 'heroku' as const
  readonly #http: HerokuTransport
  readonly #sleep: (ms: number) => Promise<void>
  readonly #pollIntervalMs: number
  readonly #maxPolls: number
  readonly #now: () => number
  readonly #onNotice?: (message: string) => void

  constructor(options: HerokuPlatformClientOptions) {
    this.#http = options.http
    this.#sleep = options.sleep ?? defaultSleep
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000
    this.#maxPolls = options.maxPolls ?? 30
    this.#now = options.now ?? Date.now
    this.#onNotice = options.onNotice
  }

  /** One request (more only if the API pages the answer): domain ids stay ids, hostnames cost extra requests. */
  async listSniEndpoints(app: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    const wire = await this.#call(app, 'app', () => this.#listEndpointsWire(app))
    return wire.map((e) => mapSniEndpoint(e, app))
  }

  async getSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    return mapSniEndpoint(await this.#getEndpointWire(app, nameOrId), app)
  }

  async createSniEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    const startedAt = this.#now()
    // F3/F4: when the body was sent and the answer was lost (timeout, reset, 5xx), Heroku has no
    // idempotency key, so look for the upload before sending it again; send it at most twice.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#postEndpoint(app, input)
      } catch (error) {
        if (!isOutcomeUnknown(error)) throw error
        const uploaded = await this.#findUploaded(app, input, startedAt, error)
        if (uploaded) return uploaded
        if (attempt === 2) throw error
      }
    }
  }

  async updateSniEndpoint(app: string, nameOrId: string, input: CertificateInput): Promise<SniEndpoint> {
    assertAppName(app)
    const path = this.#endpointPath(app, nameOrId)
    const body: WireCertificateBody = {certificate_chain: input.certificateChain, private_key: input.privateKey.reveal()}
    const response = await this.#call(app, 'SNI endpoint', () => this.#http.request<WireSniEndpoint>({body, method: 'PATCH', path}))
    return mapSniEndpoint(response.body, app)
  }

  async deleteSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    // The endpoint as it was: what the caller gets back, also when a retried DELETE finds it gone.
    const before = await this.#getEndpointWire(app, nameOrId)
    const path = this.#endpointPath(app, nameOrId)
    let removed: WireSniEndpoint = before
    try {
      removed = (await this.#http.request<WireSniEndpoint>({method: 'DELETE', path})).body ?? before
    } catch (error) {
      // F10: after an ambiguous failure (or a retry inside the HTTP client), 404 means already removed.
      if (isNotFound(error)) {
        // The GET above found it, so someone (most likely our own first attempt) removed it.
      } else if (isTransient(error) || isOutcomeUnknown(error)) {
        try {
          removed = (await this.#http.request<WireSniEndpoint>({method: 'DELETE', path})).body ?? before
        } catch (retryError) {
          if (!isNotFound(retryError)) throw this.#withHint(retryError, app, 'SNI endpoint')
        }
      } else {
        throw this.#withHint(error, app, 'SNI endpoint')
      }
    }

    return mapSniEndpoint(isWireEndpoint(removed) ? removed : before, app)
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
    return mapDomain(response.body, app)
  }

  /**
   * A few ids: one GET each (what Heroku's certs:info --show-domains does), a handful at a time. Many:
   * the listing, whose pages hold 1,000 domains each, costs fewer requests.
   */
  async getDomainsById(app: string, ids: string[]): Promise<Domain[]> {
    assertAppName(app)
    const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))]
    if (wanted.length === 0) return []
    let found: WireDomain[]
    if (wanted.length > PER_ID_LIMIT) {
      const byId = new Map((await this.#listDomainsWire(app)).map((d) => [d.id.toLowerCase(), d]))
      found = wanted.map((id) => byId.get(id)).filter((d): d is WireDomain => d !== undefined)
    } else {
      found = []
      for (let start = 0; start < wanted.length; start += PER_ID_CONCURRENCY) {
        const batch = await Promise.all(wanted.slice(start, start + PER_ID_CONCURRENCY).map((id) => this.#getDomainIfPresent(app, id)))
        for (const domain of batch) if (domain) found.push(domain)
      }
    }

    return found.map((d) => mapDomain(d, app))
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
    const response = await this.#call(app, 'domain', () => this.#http.request<WireDomain>({method: 'DELETE', path}))
    return mapDomain(response.body, app)
  }

  async getAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    const response = await this.#call(app, 'app', () => this.#http.request<WireApp>({method: 'GET', path: `/apps/${segment(app)}`}))
    return {app, enabled: response.body?.acm === true}
  }

  async enableAcm(app: string, input?: AcmEnableInput): Promise<AcmState> {
    assertAppName(app)
    if (input) {
      throw usageError('Heroku chooses its own CA and challenges; ACME settings apply to the local platform only.', 'ACM_SETTINGS_LOCAL_ONLY', 'Leave out --acme-directory, --challenge, --key-type, --dns-hook and the EAB flags on heroku.')
    }

    return this.#acmCall(app, 'POST', {})
  }

  async disableAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    return this.#acmCall(app, 'DELETE')
  }

  async refreshAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    const body: WireAcmRefreshBody = {acm_refresh: true}
    return this.#acmCall(app, 'PATCH', body)
  }

  close(): void {
    // Nothing held open: each request ends its own connection use.
  }

  /** `POST`/`DELETE`/`PATCH /apps/{app}/acm`; each answers with the App. */
  async #acmCall(app: string, method: 'DELETE' | 'PATCH' | 'POST', body?: unknown): Promise<AcmState> {
    const path = `/apps/${segment(app)}/acm`
    const response = await this.#call(app, 'app', () => this.#http.request<WireApp>({body, method, path}))
    return {app, enabled: response.body?.acm === true}
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

  async #getEndpointWire(app: string, nameOrId: string): Promise<WireSniEndpoint> {
    const path = this.#endpointPath(app, nameOrId)
    return (await this.#call(app, 'SNI endpoint', () => this.#http.request<WireSniEndpoint>({method: 'GET', path}))).body
  }

  async #postEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint> {
    const body: WireCertificateBody = {certificate_chain: input.certificateChain, private_key: input.privateKey.reveal()}
    const response = await this.#call(app, 'app', () => this.#http.request<WireSniEndpoint>({body, method: 'POST', path: this.#endpointsPath(app)}))
    return mapSniEndpoint(response.body, app)
  }

  /**
   * The Platform API reference documents Range/Next-Range for list requests in general (default key
   * `id`, 200 a page), but lists no accepted Range keys for SNI Endpoint List, and Heroku's own CLI
   * sends none there; so none is sent, and Next-Range is still followed should the API page the answer.
   */
  #listEndpointsWire(app: string): Promise<WireSniEndpoint[]> {
    return this.#http.list<WireSniEndpoint>(this.#endpointsPath(app), {firstRange: null})
  }

  /** A domain by id; undefined when it is gone (removed since the endpoint was read). */
  async #getDomainIfPresent(app: string, id: string): Promise<WireDomain | undefined> {
    try {
      return (await this.#http.request<WireDomain>({method: 'GET', path: this.#domainPath(app, id)})).body
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw this.#withHint(error, app, 'domain')
    }
  }

  /**
   * The endpoint an ambiguous upload created, if any: the newest one whose leaf has the uploaded
   * leaf's SHA-256 fingerprint and was not created before the upload began (minus a skew allowance).
   * When the listing itself fails, the original "outcome unknown" error stands.
   */
  async #findUploaded(app: string, input: CertificateInput, startedAt: number, original: unknown): Promise<SniEndpoint | undefined> {
    const wanted = leafFacts(input.certificateChain)?.fingerprint256
    if (wanted === undefined) throw original
    let endpoints: WireSniEndpoint[]
    try {
      endpoints = await this.#listEndpointsWire(app)
    } catch {
      throw original
    }

    const uploaded = endpoints.filter((e) => {
      if (leafFacts(e.certificate_chain)?.fingerprint256 !== wanted) return false
      const created = Date.parse(e.created_at ?? '')
      return Number.isNaN(created) || created >= startedAt - RECONCILE_WINDOW_MS
    })
    const newest = uploaded.at(-1)
    if (!newest) {
      this.#onNotice?.('The answer to the upload was lost and no endpoint with this certificate exists; sending it once more.')
      return undefined
    }

    this.#onNotice?.(`The answer to the upload was lost, but it had succeeded: ${newest.name} holds this certificate.`)
    return mapSniEndpoint(newest, app)
  }

  async #listDomainsWire(app: string): Promise<WireDomain[]> {
    return this.#call(app, 'app', () => this.#http.list<WireDomain>(this.#domainsPath(app)))
  }

  async #call<T>(app: string, resource: 'app' | 'SNI endpoint' | 'domain', run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw this.#withHint(error, app, resource)
    }
  }

  /**
   * Every SniError the adapter passes on says what to do next: a 404 gets the hint for the resource it is
   * about (the HTTP client cannot know it); otherwise the HTTP client's own hint wins.
   */
  #withHint(error: unknown, app: string, resource: 'app' | 'SNI endpoint' | 'domain'): unknown {
    if (!isSniError(error) || (error.hint && !isNotFound(error))) return error
    // A missing app answers 404 to any path under it: name the app then, whatever was asked for.
    const about = isNotFound(error) && /\bthat app\b/.test(error.message) ? 'app' : resource
    const hint = isNotFound(error)
      ? {
          'SNI endpoint': `List the certificates of ${app} with \`sni certs --app ${app}\`.`,
          app: 'Check the app name (heroku apps lists yours) and that your account can access it.',
          domain: `List the domains of ${app} with \`sni domains --app ${app}\`.`,
        }[about]
      : error.exit === ExitCode.platformRefused
        ? 'The platform refused the request; nothing was changed.'
        : 'Run again with DEBUG=* for details.'
    return new SniError(error.message, {code: error.code, details: error.details, exit: error.exit, hint})
  }
}

function isWireEndpoint(value: unknown): value is WireSniEndpoint {
  return typeof value === 'object' && value !== null && typeof (value as WireSniEndpoint).id === 'string' && typeof (value as WireSniEndpoint).name === 'string'
}
