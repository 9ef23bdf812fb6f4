import {cliCommand} from '../../lib/cli-command.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {normalizeHostname} from '../../lib/hostname/normalize-hostname.js'
import {splitCertificateNames} from '../../lib/hostname/match-hostname.js'
import {
  isNotFound,
  isOutcomeUnknown,
  type NotFound,
  notFoundError,
  type PlatformResource,
  SniError,
  usageError,
} from '../../lib/sni-error.js'
import {assertAppName} from '../app-name.js'
import {type AcmState, type Domain, isPlatformId, type SniEndpoint} from '../../lib/models.js'
import type {AcmEnableInput, CertificateInput, DomainInput, PlatformClient} from '../platform-client.js'
import {outcomeUnknownStatement, withCheckCommand} from './http/http-failure.js'
import {leafFacts} from './leaf-facts.js'
import {mapDomain} from './map-domain.js'
import {mapSniEndpoint} from './map-sni-endpoint.js'
import type {
  WireAcmRefreshBody,
  WireApp,
  WireCertificateBody,
  WireDomain,
  WireDomainCreateBody,
  WireDomainUpdateBody,
  WireSniEndpoint,
} from './wire-types.js'

/** What the adapter needs of the HTTP client (http/heroku-http-client.ts); an interface so tests can stand in. */
export interface HerokuTransport {
  request<T>(req: {
    body?: unknown
    method: 'DELETE' | 'GET' | 'PATCH' | 'POST'
    path: string
  }): Promise<{body: T; status: number}>
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
  /**
   * After an upload that got no answer (timeout, connection lost), how long to keep looking for it
   * in the app's endpoints before giving up as "outcome unknown" (it is never sent again blindly).
   */
  uploadGraceMs?: number
  /** One-line notices for the user (e.g. an upload whose answer was lost was found). */
  onNotice?: (message: string) => void
}

const ENDPOINT_NAME = /^[a-z][a-z0-9-]{2,29}$/
/** An endpoint created this long before an ambiguous upload began is not taken for its result (clock skew allowance). */
const RECONCILE_WINDOW_MS = 10 * 60 * 1000
/** Up to this many domain ids are read one GET each; more cost fewer requests as one listing (1,000 a page). */
const PER_ID_LIMIT = 10
const PER_ID_CONCURRENCY = 5
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

/** The API answered (a status came back), so it has finished with the request: a listing now tells whether it was applied. */
function wasAnswered(error: unknown): boolean {
  return isSniError(error) && typeof error.details?.status === 'number'
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`
}

/** What a 404 on PATH was about: the app, or the endpoint or domain named by the path's last segment. */
function notFoundOn(path: unknown, app: string, resource: PlatformResource): NotFound {
  const last = typeof path === 'string' ? path.split('/').at(-1) : undefined
  const named = last !== undefined && last !== 'domains' && last !== 'sni-endpoints' && resource !== 'app'
  return {id: named ? decodeURIComponent(last) : app, resource: named ? resource : 'app'}
}

function isTransient(error: unknown): boolean {
  return isSniError(error) && error.exit === ExitCode.transient
}

function segment(value: string): string {
  return encodeURIComponent(value)
}

/** Endpoint names follow Heroku's pattern, ids are UUIDs; anything else cannot exist and never reaches a URL. */
function endpointIdentity(nameOrId: string, app: string): string {
  if (ENDPOINT_NAME.test(nameOrId) || isPlatformId(nameOrId)) return nameOrId
  throw notFoundError(
    {id: nameOrId, resource: 'SNI endpoint'},
    `List the certificates of ${app} with \`${cliCommand('certs', '--app', app)}\`.`,
    {app},
  )
}

/** Domains are named by hostname (normalised, A-labels) or by id. */
function domainIdentity(hostnameOrId: string): string {
  return isPlatformId(hostnameOrId)
    ? hostnameOrId.toLowerCase()
    : normalizeHostname(hostnameOrId, {allowWildcard: true}).ascii
}

/** A cert name's prefilter: exact names, and `*.suffix` wildcards by suffix (callers match exactly). */
function mayCover(certDomains: string[]): (hostname: string) => boolean {
  const names = splitCertificateNames(certDomains)
  const exact = new Set(names.exact)
  const {suffixes} = names
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

  /** One request (more only if the API pages the answer): domain ids stay ids, hostnames cost extra requests. */
  async listSniEndpoints(app: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    const wire = await this.#call(app, 'app', () => this.#listEndpointsWire(app))
    return wire.map((e) => mapSniEndpoint(e, app))
  }

  async listSniEndpointsWithLeaf(app: string, fingerprint256: string): Promise<SniEndpoint[]> {
    assertAppName(app)
    let wire: WireSniEndpoint[]
    try {
      wire = await this.#call(app, 'app', () => this.#listEndpointsWire(app))
    } catch (error) {
      if (isNotFound(error)) return [] // as listMatchingDomains: the upload then gets the API's own answer
      throw error
    }

    return wire
      .filter((e) => leafFacts(e.certificate_chain)?.fingerprint256 === fingerprint256)
      .map((e) => mapSniEndpoint(e, app))
  }

  async getSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    return mapSniEndpoint(await this.#getEndpointWire(app, nameOrId), app)
  }

  /**
   * Heroku has no idempotency key, so an upload whose answer was lost is looked for, never sent
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
    this.#onNotice?.(
      'The API answered the upload with an error and no endpoint holds this certificate; sending it once more.',
    )
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
    const body: WireCertificateBody = {
      certificate_chain: input.certificateChain,
      private_key: input.privateKey.reveal(),
    }
    const response = await this.#call(app, 'SNI endpoint', () =>
      this.#http.request<WireSniEndpoint>({body, method: 'PATCH', path}),
    )
    return mapSniEndpoint(response.body, app)
  }

  async deleteSniEndpoint(app: string, nameOrId: string): Promise<SniEndpoint> {
    assertAppName(app)
    // The endpoint as it was: what the caller gets back, also when a retried DELETE finds it gone.
    const before = await this.#getEndpointWire(app, nameOrId)
    const removed = await this.#delete<WireSniEndpoint>(app, 'SNI endpoint', this.#endpointPath(app, nameOrId), {
      knownToExist: true,
    })
    return mapSniEndpoint(hasStringFields<WireSniEndpoint>(removed, 'id', 'name') ? removed : before, app)
  }

  async listDomains(app: string): Promise<Domain[]> {
    assertAppName(app)
    return (await this.#listDomainsWire(app)).map((d) => mapDomain(d, app))
  }

  async listMatchingDomains(app: string, certDomains: string[]): Promise<Domain[]> {
    assertAppName(app)
    if (certDomains.length === 0) return []
    const covers = mayCover(certDomains)
    const candidates = (wire: WireDomain[]): WireDomain[] =>
      wire.filter((d) => d.kind !== 'heroku' && covers(d.hostname))
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

  /**
   * A few ids: one GET each (what Heroku's certs:info --show-domains does), a handful at a time. Many:
   * the listing, whose pages hold 1,000 domains each, costs fewer requests.
   */
  async getDomainsById(app: string, ids: string[]): Promise<Domain[]> {
    assertAppName(app)
    const wanted = [...new Set(ids.filter((id) => isPlatformId(id)).map((id) => id.toLowerCase()))]
    if (wanted.length === 0) return []
    let found: WireDomain[]
    if (wanted.length > PER_ID_LIMIT) {
      const byId = new Map((await this.#listDomainsWire(app)).map((d) => [d.id.toLowerCase(), d]))
      found = wanted.map((id) => byId.get(id)).filter((d): d is WireDomain => d !== undefined)
    } else {
      found = []
      for (let start = 0; start < wanted.length; start += PER_ID_CONCURRENCY) {
        const batch = await Promise.all(
          wanted.slice(start, start + PER_ID_CONCURRENCY).map((id) => this.#getDomainIfPresent(app, id)),
        )
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
    try {
      const response = await this.#call(app, 'domain', () =>
        this.#http.request<WireDomain>({body, method: 'POST', path: this.#domainsPath(app)}),
      )
      return mapDomain(response.body, app)
    } catch (error) {
      throw isOutcomeUnknown(error)
        ? withCheckCommand(error as SniError, cliCommand('domains:info', body.hostname, '--app', app))
        : error
    }
  }

  async updateDomain(app: string, hostname: string, change: {sniEndpoint: string | null}): Promise<Domain> {
    assertAppName(app)
    const path = this.#domainPath(app, hostname)
    const body: WireDomainUpdateBody = {
      sni_endpoint: change.sniEndpoint === null ? null : endpointIdentity(change.sniEndpoint, app),
    }
    const response = await this.#call(app, 'domain', () =>
      this.#http.request<WireDomain>({body, method: 'PATCH', path}),
    )
    return mapDomain(response.body, app)
  }

  async removeDomain(app: string, hostname: string): Promise<Domain> {
    assertAppName(app)
    const path = this.#domainPath(app, hostname)
    const removed = await this.#delete<WireDomain>(app, 'domain', path, {knownToExist: false})
    if (hasStringFields<WireDomain>(removed, 'id', 'hostname')) return mapDomain(removed, app)
    // Already removed (by this DELETE's earlier attempt): the domain as this run last read it.
    const identity = domainIdentity(hostname)
    const seen =
      this.#seenDomains.get(identity) ?? [...this.#seenDomains.values()].find((d) => d.id.toLowerCase() === identity)
    return mapDomain(
      seen ?? {cname: null, hostname: identity, id: '', kind: 'custom', sni_endpoint: null, status: 'none'},
      app,
    )
  }

  async getAcm(app: string): Promise<AcmState> {
    assertAppName(app)
    const response = await this.#call(app, 'app', () =>
      this.#http.request<WireApp>({method: 'GET', path: `/apps/${segment(app)}`}),
    )
    return {app, enabled: response.body?.acm === true}
  }

  async enableAcm(app: string, input?: AcmEnableInput): Promise<AcmState> {
    assertAppName(app)
    if (input) {
      throw usageError(
        'Heroku chooses its own CA and challenges; ACME settings apply to the local platform only.',
        'ACM_SETTINGS_LOCAL_ONLY',
        'Leave out --acme-directory, --challenge, --key-type, --dns-hook and the EAB flags on heroku.',
      )
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

  /**
   * DELETE, idempotently: a 404 after an attempt that may have been applied means the resource is
   * gone, which is what was asked; so does a 404 for a resource just read (`knownToExist`). When the HTTP
   * client's retries are spent on transient failures, one more DELETE tells. Resolves with the API's body,
   * or undefined when the resource was already gone.
   */
  async #delete<T>(
    app: string,
    resource: 'SNI endpoint' | 'domain',
    path: string,
    options: {knownToExist: boolean},
  ): Promise<T | undefined> {
    const gone = (error: unknown): boolean =>
      isNotFound(error) && (options.knownToExist || (error as SniError).details?.outcomeUnknown === true)
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
    return (await this.#call(app, 'SNI endpoint', () => this.#http.request<WireSniEndpoint>({method: 'GET', path})))
      .body
  }

  async #postEndpoint(app: string, input: CertificateInput): Promise<SniEndpoint> {
    const body: WireCertificateBody = {
      certificate_chain: input.certificateChain,
      private_key: input.privateKey.reveal(),
    }
    const response = await this.#call(app, 'app', () =>
      this.#http.request<WireSniEndpoint>({body, method: 'POST', path: this.#endpointsPath(app)}),
    )
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
   * After an unanswered upload the listing is repeated for the grace period. When a listing fails,
   * the original "outcome unknown" error stands.
   */
  async #awaitUpload(
    app: string,
    input: CertificateInput,
    startedAt: number,
    original: unknown,
  ): Promise<SniEndpoint | undefined> {
    const wanted = leafFacts(input.certificateChain)?.fingerprint256
    if (wanted === undefined) throw original
    const grace = wasAnswered(original) ? 0 : this.#uploadGraceMs
    const interval = Math.max(250, Math.ceil(grace / GRACE_LISTINGS))
    if (grace > 0) {
      this.#onNotice?.(
        `No answer to the upload; looking for it among the endpoints of ${app} for up to ${formatSeconds(grace)} before deciding (it is not sent again).`,
      )
    }

    for (let waited = 0; ; waited += interval) {
      let endpoints: WireSniEndpoint[]
      try {
        endpoints = await this.#listEndpointsWire(app)
      } catch {
        throw original
      }

      const newest = this.#uploadedCopies(endpoints, wanted, startedAt).at(-1)
      if (newest) {
        this.#onNotice?.(
          `The answer to the upload was lost, but it had succeeded: ${newest.name} holds this certificate.`,
        )
        return mapSniEndpoint(newest, app)
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
  async #withoutLateCopy(
    app: string,
    input: CertificateInput,
    startedAt: number,
    resent: SniEndpoint,
  ): Promise<SniEndpoint> {
    const wanted = leafFacts(input.certificateChain)?.fingerprint256
    let endpoints: WireSniEndpoint[]
    try {
      endpoints = wanted === undefined ? [] : await this.#listEndpointsWire(app)
    } catch {
      return resent // the re-sent upload succeeded; a late first copy cannot be looked for now
    }

    const earlier = this.#uploadedCopies(endpoints, wanted ?? '', startedAt).find((e) => e.id !== resent.id)
    if (!earlier) return resent
    try {
      await this.#http.request<WireSniEndpoint>({method: 'DELETE', path: this.#endpointPath(app, resent.id)})
    } catch {
      this.#onNotice?.(
        `The first upload arrived late as ${earlier.name}, so ${resent.name} holds the same certificate; remove one with \`${cliCommand('certs:remove', '--name', resent.name, '--app', app)}\`.`,
      )
      return resent
    }

    this.#onNotice?.(
      `The first upload arrived late as ${earlier.name}; the second copy, ${resent.name}, was removed again.`,
    )
    return mapSniEndpoint(earlier, app)
  }

  /** Exit 7: the upload got no answer and did not show up in the grace period; it may still be applied. */
  #stillUnknown(error: SniError, app: string): SniError {
    const statement = `; ${outcomeUnknownStatement(typeof error.details?.path === 'string' ? error.details.path : '')}`
    const cause = error.message.endsWith(statement) ? error.message.slice(0, -statement.length) : error.message
    const after = wasAnswered(error) ? '; then' : `, and after ${formatSeconds(this.#uploadGraceMs)} more`
    return new SniError(
      `${cause}${after} no endpoint of ${app} holds this certificate, but the upload may still be applied: the outcome is unknown`,
      {
        code: 'OUTCOME_UNKNOWN',
        details: {...error.details, outcomeUnknown: true},
        exit: ExitCode.transient,
        hint: `Check with \`${cliCommand('certs', '--app', app)}\` before trying again.`,
      },
    )
  }

  async #listDomainsWire(app: string): Promise<WireDomain[]> {
    const domains = await this.#call(app, 'app', () => this.#http.list<WireDomain>(this.#domainsPath(app)))
    for (const domain of domains) this.#remember(domain)
    return domains
  }

  /** Domains read in this run, by hostname: what removeDomain returns for a domain its retried DELETE found gone. */
  #remember(domain: WireDomain): void {
    if (typeof domain?.hostname === 'string' && typeof domain.id === 'string')
      this.#seenDomains.set(domain.hostname.toLowerCase(), domain)
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
          'SNI endpoint': `List the certificates of ${app} with \`${cliCommand('certs', '--app', app)}\`.`,
          app: 'Check the app name (heroku apps lists yours) and that your account can access it.',
          domain: `List the domains of ${app} with \`${cliCommand('domains', '--app', app)}\`.`,
        }[about]
      : error.exit === ExitCode.platformRefused
        ? 'The platform refused the request; nothing was changed.'
        : 'Run again with DEBUG=* for details.'
    const notFound = isNotFound(error) ? notFoundOn(error.details?.path, app, about) : undefined
    return new SniError(error.message, {code: error.code, details: error.details, exit: error.exit, hint, notFound})
  }
}

/** Whether a DELETE answered with the removed object (it has these string fields), not an empty body. */
function hasStringFields<T>(value: unknown, ...fields: Array<keyof T & string>): value is T {
  return (
    typeof value === 'object' &&
    value !== null &&
    fields.every((field) => typeof (value as Record<string, unknown>)[field] === 'string')
  )
}
