import {cliCommand} from '../../lib/cli-command.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {normalizeHostname} from '../../lib/hostname/normalize-hostname.js'
import {SniError} from '../../lib/sni-error.js'
import {assertAppName} from '../app-name.js'
import type {Domain, SniEndpoint} from '../models.js'
import type {CertificateInput, DomainInput, PlatformClient} from '../platform-client.js'
import {notFoundError} from '../platform-error.js'
import {withCheckCommand} from './http/http-failure.js'
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
  /** One-line notices for the user (e.g. an upload whose answer was lost was found). */
  onNotice?: (message: string) => void
}

const ENDPOINT_NAME = /^[a-z][a-z0-9-]{2,29}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** An endpoint created this long before an ambiguous upload began is not taken for its result (clock skew allowance). */
const RECONCILE_WINDOW_MS = 10 * 60 * 1000

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
  throw notFoundError('SNI endpoint', `List the certificates of ${app} with \`${cliCommand('certs', '--app', app)}\`.`, {app})
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
  readonly #onNotice?: (message: string) => void

  constructor(options: HerokuPlatformClientOptions) {
    this.#http = options.http
    this.#sleep = options.sleep ?? defaultSleep
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000
    this.#maxPolls = options.maxPolls ?? 30
    this.#now = options.now ?? Date.now
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

  async getSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    const wire = await this.#getEndpointWire(app, nameOrId)
    return this.#mapEndpoint(app, wire)
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
    return this.#mapEndpoint(app, response.body)
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
    return mapDomain(response.body, app)
  }

  async addDomain(app: string, input: DomainInput): Promise<Domain> {
    assertAppName(app)
    const body: WireDomainCreateBody = {
      hostname: normalizeHostname(input.hostname, {allowWildcard: true}).ascii,
      sni_endpoint: input.sniEndpoint === null ? null : endpointIdentity(input.sniEndpoint, app),
    }
    try {
      const response = await this.#call(app, 'domain', () => this.#http.request<WireDomain>({body, method: 'POST', path: this.#domainsPath(app)}))
      return mapDomain(response.body, app)
    } catch (error) {
      throw isOutcomeUnknown(error) ? withCheckCommand(error as SniError, cliCommand('domains:info', body.hostname, '--app', app)) : error
    }
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
   * When the listing itself fails, the original "outcome unknown" error stands.
   */
  async #findUploaded(app: string, input: CertificateInput, startedAt: number, original: unknown): Promise<SniEndpoint | undefined> {
    const wanted = leafFacts(input.certificateChain)?.fingerprint256
    if (wanted === undefined) throw original
    let endpoints: WireSniEndpoint[]
    try {
      endpoints = await this.#http.list<WireSniEndpoint>(this.#endpointsPath(app))
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
    return this.#mapEndpoint(app, newest)
  }

  async #listDomainsWire(app: string): Promise<WireDomain[]> {
    return this.#call(app, 'app', () => this.#http.list<WireDomain>(this.#domainsPath(app)))
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
          'SNI endpoint': `List the certificates of ${app} with \`${cliCommand('certs', '--app', app)}\`.`,
          app: 'Check the app name (heroku apps lists yours) and that your account can access it.',
          domain: `List the domains of ${app} with \`${cliCommand('domains', '--app', app)}\`.`,
        }[resource]
      : error.exit === ExitCode.platformRefused
        ? 'The platform refused the request; nothing was changed.'
        : 'Run again with DEBUG=* for details.'
    return new SniError(error.message, {code: error.code, details: error.details, exit: error.exit, hint})
  }
}

function isWireEndpoint(value: unknown): value is WireSniEndpoint {
  return typeof value === 'object' && value !== null && typeof (value as WireSniEndpoint).id === 'string' && typeof (value as WireSniEndpoint).name === 'string'
}
