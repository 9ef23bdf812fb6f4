import {createHash, createPrivateKey, randomBytes, randomInt, randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

import {parseCertificateDer} from '../../src/lib/x509/parse-certificate.js'
import type {ParsedCertificate} from '../../src/lib/x509/types.js'
import {evaluateTrust} from '../../src/lib/chain/evaluate-trust.js'
import {DINOSAURS} from '../../src/platform/local/endpoint-name.js'

/**
 * An in-process Heroku Platform API for tests: node:http on 127.0.0.1 (random port), speaking the
 * SNI endpoint and domain API the commands use, with Heroku's JSON (snake_case, `'ca_signed?'`,
 * domain ids in `domains`), Heroku's error bodies (`{id, message}`), Range/Next-Range pagination,
 * bearer-token auth, a request log and fault injection. Private keys are checked against the
 * certificate, never stored and never logged (the log keeps only their SHA-256).
 */

export const FAKE_TOKEN = 'test-token'

export interface FakeRequest {
  method: string
  /** As sent, still percent-encoded. */
  path: string
  /** Parsed JSON body with `private_key` replaced by `[REDACTED]`; undefined without a body. */
  body?: unknown
  /** SHA-256 (hex) of the `private_key` sent, if any. */
  privateKeySha256?: string
  /** The Authorization header carried the expected bearer token. */
  authorized: boolean
  headers: {accept?: string; contentType?: string; range?: string; requestId?: string; userAgent?: string}
}

/**
 * `reset` destroys the socket, `hang` never answers; a number or object answers with that status (and
 * body); `echo-private-key` refuses with 422 and a message that quotes the `private_key` sent, as a
 * careless API (or proxy) might.
 */
export type Fault =
  | 'echo-private-key'
  | 'hang'
  | 'reset'
  | number
  | {status: number; body?: unknown; headers?: Record<string, string>}

export interface FaultRule {
  method?: string
  /** The decoded path, exactly (`/apps/example/sni-endpoints`), or a pattern. */
  path: string | RegExp
  /** How the request fails; without one (with `holdMs`) it is answered normally, only late. */
  fault?: Fault
  /** Carry the request out first, then fail: the change happened but the answer is lost. */
  commit?: boolean
  /**
   * Hold the request this long before doing anything with it. With `commit` it is then carried out
   * (and answered): a POST held past the client's timeout and committed late, after the client gave up.
   */
  holdMs?: number
  /** How many matching requests fail; default 1. */
  times?: number
}

export interface FakeHerokuApiOptions {
  token?: string
  /** Apps that exist besides `example`. */
  apps?: string[]
  /** Items per page of a listing (Range max is capped at this); default 1000. */
  pageSize?: number
  /** A new custom domain shows `cname: null` for this many reads (GET) before it gets its DNS target; default 0. */
  cnamePendingReads?: number
  /** A new custom domain has its DNS target at once but `status: pending` for this many reads (GET); default 0. */
  statusPendingReads?: number
  /**
   * Ids, names, DNS targets and timestamps from counters and a fixed clock instead of randomness, so two
   * runs over the same scenario (ours and a recording of the real heroku CLI) see the same data.
   */
  deterministic?: boolean
}

/** A domain as a test seeds it (not logged as a request). */
export interface SeedDomainOptions {
  /** Reads (GET) with `cname: null` and `status: pending`. */
  pendingReads?: number
  /** Reads (GET) with the DNS target but `status: pending`. */
  statusPendingReads?: number
  /** The status once no longer pending; default `succeeded`. */
  finalStatus?: string
  id?: string
  cname?: string
  /** Name of an endpoint of the app to associate. */
  endpoint?: string
  acmStatus?: string | null
  acmStatusReason?: string | null
  createdAt?: string
  updatedAt?: string
}

/** An endpoint as a test seeds it, with `ssl_cert` as given (no upload checks). */
export interface SeedEndpointOptions {
  id?: string
  name?: string
  certificateChain: string
  sslCert: Record<string, unknown>
  displayName?: string | null
  createdAt?: string
  updatedAt?: string
}

interface StoredEndpoint {
  id: string
  name: string
  certificate_chain: string
  ssl_cert: Record<string, unknown>
  display_name: string | null
  created_at: string
  updated_at: string
}

interface StoredDomain {
  id: string
  hostname: string
  kind: 'custom' | 'heroku'
  cname: string | null
  pendingReads: number
  statusPendingReads: number
  finalStatus: string
  /** ACM: Heroku's acm_status and acm_status_reason, and scripted next values (one per domain read). */
  acm_status: string | null
  acm_status_reason: string | null
  endpointId: string | null
  created_at: string
  updated_at: string
  acmSteps?: Array<[string | null, string | null]>
}

interface App {
  id: string
  name: string
  endpoints: StoredEndpoint[]
  domains: StoredDomain[]
  /** Automated Certificate Management on (`GET /apps/{app}`'s `acm`). */
  acm?: boolean
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message)
  }
}

const ADJECTIVES = ['ancient', 'brave', 'calm', 'fierce', 'golden', 'misty', 'quiet', 'rapid', 'shy', 'vast']
const NOUNS = ['bay', 'canyon', 'dawn', 'forest', 'harbor', 'lake', 'ocean', 'peak', 'reef', 'summit']
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function appNotFound(): ApiError {
  return new ApiError(404, 'not_found', "Couldn't find that app.")
}

function endpointNotFound(): ApiError {
  return new ApiError(404, 'not_found', "Couldn't find that SNI endpoint.")
}

function domainNotFound(): ApiError {
  return new ApiError(404, 'not_found', "Couldn't find that domain.")
}

function parseChain(chain: string): ParsedCertificate[] {
  if (chain.includes('PRIVATE KEY'))
    throw new ApiError(422, 'unprocessable_entity', 'Certificate chain must not contain a private key.')
  const blocks = [...chain.matchAll(CERTIFICATE_BLOCK)]
  if (blocks.length === 0) throw new ApiError(422, 'unprocessable_entity', 'Pem is invalid')
  try {
    return blocks.map((b, i) => parseCertificateDer(Buffer.from(b[1] ?? '', 'base64'), 'certificate_chain', i))
  } catch {
    throw new ApiError(422, 'unprocessable_entity', 'Pem is invalid')
  }
}

/** What Heroku computes on upload, by our own library: the `ssl_cert` object. */
function computeSslCert(body: Record<string, unknown>): {chain: string; sslCert: Record<string, unknown>} {
  const missing = ['certificate_chain', 'private_key'].filter((k) => typeof body[k] !== 'string' || body[k] === '')
  if (missing.length > 0) throw new ApiError(422, 'invalid_params', `Require params: ${missing.join(', ')}.`)
  const chain = body.certificate_chain as string
  const certificates = parseChain(chain)
  const leaf = certificates[0] as ParsedCertificate
  let matches = false
  try {
    matches = leaf.x509.checkPrivateKey(createPrivateKey(body.private_key as string))
  } catch {
    throw new ApiError(422, 'unprocessable_entity', 'Key is invalid')
  }

  if (!matches) throw new ApiError(422, 'unprocessable_entity', "Key doesn't match the PEM certificate")
  const s = leaf.summary
  return {
    chain,
    sslCert: {
      acm: false,
      'ca_signed?': evaluateTrust(certificates).verdict === 'trusted',
      cert_domains: s.dnsNames,
      expires_at: s.notAfter,
      id: randomUUID(),
      issuer: s.issuer,
      'self_signed?': s.selfSigned,
      starts_at: s.notBefore,
      subject: s.subject,
    },
  }
}

function parseRange(header: string | undefined): {after?: string; max?: number} {
  if (!header) return {}
  // `id ..; max=1000`, `id ]<id>..; max=2`, `]<id>..; max=2`
  const match = /^\s*(?:[a-z_]+\s+)?(\]?)([^.;\s]*)\.\.\s*(?:;\s*max=(\d+))?/i.exec(header)
  if (!match) return {}
  return {after: match[1] === ']' && match[2] ? match[2] : undefined, max: match[3] ? Number(match[3]) : undefined}
}

export class FakeHerokuApi {
  readonly requests: FakeRequest[] = []
  token: string
  pageSize: number
  cnamePendingReads: number
  statusPendingReads: number
  readonly deterministic: boolean
  #counter = 0
  readonly #apps = new Map<string, App>()
  readonly #faults: Array<FaultRule & {remaining: number}> = []
  readonly #sockets = new Set<Socket>()
  readonly #hanging = new Set<ServerResponse>()
  readonly #holds = new Set<() => void>()
  #server?: Server
  #url = ''

  constructor(options: FakeHerokuApiOptions = {}) {
    this.token = options.token ?? FAKE_TOKEN
    this.pageSize = options.pageSize ?? 1000
    this.cnamePendingReads = options.cnamePendingReads ?? 0
    this.statusPendingReads = options.statusPendingReads ?? 0
    this.deterministic = options.deterministic === true
    for (const name of ['example', ...(options.apps ?? [])]) this.addApp(name)
  }

  static async start(options: FakeHerokuApiOptions = {}): Promise<FakeHerokuApi> {
    const api = new FakeHerokuApi(options)
    await api.listen()
    return api
  }

  /** `http://127.0.0.1:PORT`: the value for HEROKU_HOST. */
  get url(): string {
    return this.#url
  }

  /** HEROKU_HOST, HEROKU_API_KEY and SNI_PLATFORM for a CLI run against this API. */
  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {HEROKU_API_KEY: this.token, HEROKU_HOST: this.#url, SNI_PLATFORM: 'heroku', ...extra}
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.#send(res, 500, {id: 'internal_error', message: String(error)})
      })
    })
    server.on('connection', (socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    this.#server = server
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    for (const release of this.#holds) release()
    for (const res of this.#hanging) res.destroy()
    for (const socket of this.#sockets) socket.destroy()
    const server = this.#server
    if (!server) return
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  addApp(name: string): void {
    if (this.#apps.has(name)) return
    const time = this.#timestamp()
    const appId = this.#uuid()
    this.#apps.set(name, {
      domains: [
        {
          acm_status: null,
          acm_status_reason: null,
          cname: null,
          created_at: time,
          endpointId: null,
          finalStatus: 'none',
          hostname: `${name}.herokuapp.com`,
          id: this.#uuid(),
          kind: 'heroku',
          pendingReads: 0,
          statusPendingReads: 0,
          updated_at: time,
        },
      ],
      endpoints: [],
      id: appId,
      name,
    })
  }

  /** Adds a custom domain directly (not logged as a request). */
  seedDomain(app: string, hostname: string, options: SeedDomainOptions = {}): void {
    const target = this.#app(app)
    const endpointId = options.endpoint === undefined ? null : this.#findEndpoint(target, options.endpoint).id
    const domain = this.#newDomain(hostname, endpointId, options.pendingReads ?? 0)
    domain.statusPendingReads = options.statusPendingReads ?? 0
    domain.finalStatus = options.finalStatus ?? 'succeeded'
    if (options.id !== undefined) domain.id = options.id
    if (options.cname !== undefined) domain.cname = options.cname
    if (options.acmStatus !== undefined) domain.acm_status = options.acmStatus
    if (options.acmStatusReason !== undefined) domain.acm_status_reason = options.acmStatusReason
    if (options.createdAt !== undefined) domain.created_at = options.createdAt
    if (options.updatedAt !== undefined) domain.updated_at = options.updatedAt
    target.domains.push(domain)
  }

  /** Adds an SNI endpoint directly, its `ssl_cert` as given (not logged as a request). Returns its name. */
  seedEndpoint(app: string, options: SeedEndpointOptions): string {
    const time = this.#timestamp()
    const endpoint: StoredEndpoint = {
      certificate_chain: options.certificateChain,
      created_at: options.createdAt ?? time,
      display_name: options.displayName ?? null,
      id: options.id ?? this.#uuid(),
      name: options.name ?? this.#newEndpointName(),
      ssl_cert: options.sslCert,
      updated_at: options.updatedAt ?? time,
    }
    this.#app(app).endpoints.push(endpoint)
    return endpoint.name
  }

  /**
   * ACM: sets a domain's acm_status and reason now, and optionally the values it takes at each later
   * read of the domain (a listing or a GET of it), one step per read.
   */
  setAcmStatus(
    app: string,
    hostname: string,
    status: string | null,
    reason: string | null = null,
    steps: Array<[string | null, string | null]> = [],
  ): void {
    const domain = this.#app(app).domains.find((d) => d.hostname === hostname)
    if (!domain) throw new Error(`fake Heroku API: no domain ${hostname} on ${app}`)
    domain.acm_status = status
    domain.acm_status_reason = reason
    domain.acmSteps = [...steps]
  }

  /** ACM: turns `acm` on without a request (as if enabled earlier). */
  setAcm(app: string, enabled: boolean): void {
    this.#app(app).acm = enabled
  }

  /** ACM: an ACM certificate (`ssl_cert.acm: true`) serving these domains, as Heroku creates once issued. */
  seedAcmCertificate(app: string, chain: string, hostnames: string[]): string {
    const a = this.#app(app)
    const certificates = parseChain(chain)
    const s = (certificates[0] as ParsedCertificate).summary
    const time = this.#timestamp()
    const endpoint: StoredEndpoint = {
      certificate_chain: chain,
      created_at: time,
      display_name: null,
      id: this.#uuid(),
      name: this.#newEndpointName(),
      ssl_cert: {
        acm: true,
        'ca_signed?': evaluateTrust(certificates).verdict === 'trusted',
        cert_domains: s.dnsNames,
        expires_at: s.notAfter,
        id: this.#uuid(),
        issuer: s.issuer,
        'self_signed?': s.selfSigned,
        starts_at: s.notBefore,
        subject: s.subject,
      },
      updated_at: time,
    }
    a.endpoints.push(endpoint)
    for (const d of a.domains) {
      if (hostnames.includes(d.hostname)) {
        d.endpointId = endpoint.id
        d.acm_status = 'cert issued'
        d.acm_status_reason = null
      }
    }

    return endpoint.name
  }

  /** Fails the next matching request(s) as described. */
  failNext(rule: FaultRule): void {
    this.#faults.push({...rule, remaining: rule.times ?? 1})
  }

  /** The stored endpoints and domains of an app, as the API would list them. */
  snapshot(app: string): {endpoints: Array<Record<string, unknown>>; domains: Array<Record<string, unknown>>} {
    const a = this.#app(app)
    return {
      domains: a.domains.map((d) => this.#domainJson(a, d, false)),
      endpoints: a.endpoints.map((e) => this.#endpointJson(a, e)),
    }
  }

  /** Requests other than GET, as `METHOD path`. */
  mutations(): string[] {
    return this.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    let body: unknown
    let parseFailed = false
    if (raw !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        parseFailed = true
      }
    }

    const record: FakeRequest = {
      authorized: req.headers.authorization === `Bearer ${this.token}`,
      headers: {
        accept: req.headers.accept,
        contentType: req.headers['content-type'],
        range: req.headers.range,
        requestId: typeof req.headers['request-id'] === 'string' ? req.headers['request-id'] : undefined,
        userAgent: req.headers['user-agent'],
      },
      method,
      path,
    }
    if (body !== undefined) {
      if (typeof body === 'object' && body !== null && 'private_key' in body) {
        const key = (body as Record<string, unknown>).private_key
        record.privateKeySha256 = createHash('sha256').update(String(key)).digest('hex')
        record.body = {...(body as Record<string, unknown>), private_key: '[REDACTED]'}
      } else {
        record.body = body
      }
    } else if (parseFailed) {
      record.body = '[unparsable]'
    }

    this.requests.push(record)
    const decodedPath = decodeURIComponent(path.split('?')[0] ?? '/')
    const fault = this.#takeFault(method, decodedPath)
    if (fault?.holdMs !== undefined && !(await this.#hold(fault.holdMs))) {
      res.destroy() // the fake API was closed while holding: the request is never carried out
      return
    }

    if (fault?.fault === 'echo-private-key') {
      const sent =
        typeof body === 'object' && body !== null ? String((body as Record<string, unknown>).private_key) : ''
      this.#send(res, 422, {id: 'unprocessable_entity', message: `Key is invalid: ${sent}`})
      return
    }

    if (fault?.fault !== undefined && !fault.commit) {
      this.#applyFault(res, fault.fault)
      return
    }

    let status: number
    let payload: unknown
    const headers: Record<string, string> = {}
    try {
      if (!record.authorized) throw new ApiError(401, 'unauthorized', 'Invalid credentials provided.')
      if (parseFailed) throw new ApiError(400, 'bad_request', 'Invalid JSON.')
      ;[status, payload] = this.#route(method, path, body, req.headers.range, headers)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      status = error.status
      payload = {id: error.id, message: error.message}
    }

    if (fault?.fault !== undefined) {
      this.#applyFault(res, fault.fault)
      return
    }

    // A held request whose client has given up is still carried out; its answer goes nowhere.
    if (!res.destroyed) this.#send(res, status, payload, headers)
  }

  /** Waits `ms`; false when the fake API is closed meanwhile. */
  #hold(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer)
        this.#holds.delete(release)
        resolve(false)
      }

      const timer = setTimeout(() => {
        this.#holds.delete(release)
        resolve(true)
      }, ms)
      this.#holds.add(release)
    })
  }

  #takeFault(method: string, path: string): FaultRule | undefined {
    const index = this.#faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    )
    if (index === -1) return undefined
    const rule = this.#faults[index] as FaultRule & {remaining: number}
    rule.remaining--
    if (rule.remaining <= 0) this.#faults.splice(index, 1)
    return rule
  }

  #applyFault(res: ServerResponse, fault: Exclude<Fault, 'echo-private-key'>): void {
    if (fault === 'reset') {
      res.socket?.destroy()
      return
    }

    if (fault === 'hang') {
      this.#hanging.add(res)
      return
    }

    if (typeof fault === 'number') {
      this.#send(res, fault, {
        id: fault >= 500 ? 'internal_server_error' : 'error',
        message: `Injected failure (HTTP ${fault}).`,
      })
      return
    }

    this.#send(
      res,
      fault.status,
      fault.body ?? {id: 'error', message: `Injected failure (HTTP ${fault.status}).`},
      fault.headers,
    )
  }

  #send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(payload)
    res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', 'Request-Id': randomUUID(), ...headers})
    res.end(text)
  }

  #route(
    method: string,
    rawPath: string,
    body: unknown,
    range: string | undefined,
    headers: Record<string, string>,
  ): [number, unknown] {
    const segments = (rawPath.split('?')[0] ?? '')
      .split('/')
      .slice(1)
      .map((s) => decodeURIComponent(s))
    if (segments[0] !== 'apps' || segments.length < 2)
      throw new ApiError(404, 'not_found', 'The requested API endpoint was not found.')
    const app = this.#apps.get(segments[1] ?? '')
    if (!app) throw appNotFound()
    const [, , collection, id, ...rest] = segments
    if (rest.length > 0) throw new ApiError(404, 'not_found', 'The requested API endpoint was not found.')
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    if (collection === undefined && method === 'GET') return [200, {acm: app.acm === true, id: app.id, name: app.name}]
    if (collection === 'acm' && id === undefined) return this.#acm(app, method, input)
    if (collection === 'sni-endpoints') return this.#endpoints(app, method, id, input, range, headers)
    if (collection === 'domains') return this.#domains(app, method, id, input, range, headers)
    throw new ApiError(404, 'not_found', 'The requested API endpoint was not found.')
  }

  #endpoints(
    app: App,
    method: string,
    id: string | undefined,
    body: Record<string, unknown>,
    range: string | undefined,
    headers: Record<string, string>,
  ): [number, unknown] {
    if (id === undefined) {
      if (method === 'GET') return this.#page(app.endpoints, range, headers, (e) => this.#endpointJson(app, e))
      if (method === 'POST') {
        const {chain, sslCert} = computeSslCert(body)
        const time = this.#timestamp()
        const endpoint: StoredEndpoint = {
          certificate_chain: chain,
          created_at: time,
          display_name: null,
          id: this.#uuid(),
          name: this.#newEndpointName(),
          ssl_cert: sslCert,
          updated_at: time,
        }
        app.endpoints.push(endpoint)
        return [201, this.#endpointJson(app, endpoint)]
      }

      throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
    }

    const endpoint = this.#findEndpoint(app, id)
    if (method === 'GET') return [200, this.#endpointJson(app, endpoint)]
    if (method === 'PATCH') {
      const {chain, sslCert} = computeSslCert(body)
      endpoint.certificate_chain = chain
      endpoint.ssl_cert = sslCert
      endpoint.updated_at = this.#timestamp()
      return [200, this.#endpointJson(app, endpoint)]
    }

    if (method === 'DELETE') {
      const json = this.#endpointJson(app, endpoint)
      app.endpoints = app.endpoints.filter((e) => e !== endpoint)
      for (const d of app.domains) {
        if (d.endpointId === endpoint.id) {
          d.endpointId = null
          d.updated_at = this.#timestamp()
        }
      }

      return [200, json]
    }

    throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
  }

  #domains(
    app: App,
    method: string,
    id: string | undefined,
    body: Record<string, unknown>,
    range: string | undefined,
    headers: Record<string, string>,
  ): [number, unknown] {
    if (id === undefined) {
      if (method === 'GET') return this.#page(app.domains, range, headers, (d) => this.#domainJson(app, d, true))
      if (method === 'POST') {
        const missing = ['hostname', 'sni_endpoint'].filter((k) => !(k in body))
        if (missing.length > 0) throw new ApiError(422, 'invalid_params', `Require params: ${missing.join(', ')}.`)
        const hostname = String(body.hostname).toLowerCase()
        if (app.domains.some((d) => d.hostname === hostname))
          throw new ApiError(422, 'invalid_params', `${hostname} is already added to this app.`)
        for (const other of this.#apps.values()) {
          if (other.domains.some((d) => d.hostname === hostname))
            throw new ApiError(422, 'invalid_params', `${hostname} is currently in use by another app.`)
        }

        const endpointId = body.sni_endpoint === null ? null : this.#findEndpoint(app, String(body.sni_endpoint)).id
        const domain = this.#newDomain(hostname, endpointId, this.cnamePendingReads)
        domain.statusPendingReads = this.statusPendingReads
        app.domains.push(domain)
        return [201, this.#domainJson(app, domain, false)]
      }

      throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
    }

    const domain = app.domains.find((d) => d.id === id || d.hostname === id.toLowerCase())
    if (!domain) throw domainNotFound()
    if (method === 'GET') return [200, this.#domainJson(app, domain, true)]
    if (method === 'PATCH') {
      if (!('sni_endpoint' in body)) throw new ApiError(422, 'invalid_params', 'Require params: sni_endpoint.')
      domain.endpointId = body.sni_endpoint === null ? null : this.#findEndpoint(app, String(body.sni_endpoint)).id
      domain.updated_at = this.#timestamp()
      return [200, this.#domainJson(app, domain, false)]
    }

    if (method === 'DELETE') {
      app.domains = app.domains.filter((d) => d !== domain)
      return [200, this.#domainJson(app, domain, false)]
    }

    throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
  }

  /** `POST` (enable), `DELETE` (disable: ACM certificates removed), `PATCH {acm_refresh: true}`; each answers with the App. */
  #acm(app: App, method: string, body: Record<string, unknown>): [number, unknown] {
    const time = this.#timestamp()
    if (method === 'POST') {
      // Domains keep acm_status null ("Waiting") until Heroku's ACM picks them up (setAcmStatus steps).
      app.acm = true
    } else if (method === 'DELETE') {
      const acmIds = new Set(app.endpoints.filter((e) => e.ssl_cert.acm === true).map((e) => e.id))
      app.endpoints = app.endpoints.filter((e) => !acmIds.has(e.id))
      app.acm = false
      for (const d of app.domains) {
        if (d.endpointId !== null && acmIds.has(d.endpointId)) d.endpointId = null
        d.acm_status = null
        d.acm_status_reason = null
        d.updated_at = time
      }
    } else if (method === 'PATCH') {
      if (body.acm_refresh !== true) throw new ApiError(422, 'invalid_params', 'Require params: acm_refresh.')
      if (!app.acm)
        throw new ApiError(422, 'invalid_params', 'Automated Certificate Management is not enabled for this app.')
      for (const d of app.domains) {
        if (d.acm_status === 'failed' || d.acm_status === 'failing') {
          d.acm_status = 'pending'
          d.acm_status_reason = null
          d.updated_at = time
        }
      }
    } else {
      throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
    }

    return [200, {acm: app.acm, id: app.id, name: app.name}]
  }

  /** Range pagination in creation order: `Next-Range: id ]<last id>..; max=N` on a 206 when more remain. */
  #page<T extends {id: string}>(
    items: T[],
    range: string | undefined,
    headers: Record<string, string>,
    toJson: (item: T) => unknown,
  ): [number, unknown] {
    const {after, max} = parseRange(range)
    const size = Math.max(1, Math.min(max ?? this.pageSize, this.pageSize))
    let start = 0
    if (after !== undefined) {
      const index = items.findIndex((i) => i.id === after)
      start = index === -1 ? items.length : index + 1
    }

    const page = items.slice(start, start + size)
    const last = page.at(-1)
    if (start + size < items.length && last) {
      headers['Next-Range'] = `id ]${last.id}..; max=${max ?? size}`
      headers['Content-Range'] = `id ${page[0]?.id ?? ''}..${last.id}; max=${size}`
      return [206, page.map((item) => toJson(item))]
    }

    return [200, page.map((item) => toJson(item))]
  }

  #app(name: string): App {
    const app = this.#apps.get(name)
    if (!app) throw new Error(`fake Heroku API: no app ${name}`)
    return app
  }

  #findEndpoint(app: App, nameOrId: string): StoredEndpoint {
    const endpoint = app.endpoints.find((e) => e.name === nameOrId || e.id === nameOrId)
    if (!endpoint) throw endpointNotFound()
    return endpoint
  }

  #newEndpointName(): string {
    const taken = new Set([...this.#apps.values()].flatMap((a) => a.endpoints.map((e) => e.name)))
    for (;;) {
      const name = this.deterministic
        ? `${DINOSAURS[this.#counter % DINOSAURS.length] ?? 'tyrannosaurus'}-${String(10_000 + ++this.#counter).padStart(5, '0')}`
        : `${DINOSAURS[randomInt(DINOSAURS.length)] ?? 'tyrannosaurus'}-${randomInt(100_000).toString().padStart(5, '0')}`
      if (!taken.has(name)) return name
    }
  }

  /** A random UUID, or (deterministic) the next of a counter: `00000000-0000-4000-8000-000000000001`. */
  #uuid(): string {
    return this.deterministic ? `00000000-0000-4000-8000-${String(++this.#counter).padStart(12, '0')}` : randomUUID()
  }

  #timestamp(): string {
    return this.deterministic ? '2026-01-01T00:00:00Z' : timestamp()
  }

  #newDomain(hostname: string, endpointId: string | null, pendingReads: number): StoredDomain {
    const time = this.#timestamp()
    const n = this.deterministic ? ++this.#counter : randomInt(1_000_000)
    const adjective = ADJECTIVES[this.deterministic ? n % ADJECTIVES.length : randomInt(ADJECTIVES.length)] ?? 'calm'
    const noun = NOUNS[this.deterministic ? (n * 7) % NOUNS.length : randomInt(NOUNS.length)] ?? 'bay'
    const suffix = this.deterministic ? n.toString(16).padStart(18, '0') : randomBytes(9).toString('hex')
    return {
      acm_status: null,
      acm_status_reason: null,
      cname: `${adjective}-${noun}-${suffix}.herokudns.com`,
      created_at: time,
      endpointId,
      finalStatus: 'succeeded',
      hostname,
      id: this.#uuid(),
      kind: 'custom',
      pendingReads,
      statusPendingReads: 0,
      updated_at: time,
    }
  }

  #endpointJson(app: App, e: StoredEndpoint): Record<string, unknown> {
    return {
      app: {id: app.id, name: app.name},
      certificate_chain: e.certificate_chain,
      created_at: e.created_at,
      display_name: e.display_name,
      domains: app.domains.filter((d) => d.endpointId === e.id).map((d) => d.id),
      id: e.id,
      name: e.name,
      ssl_cert: e.ssl_cert,
      updated_at: e.updated_at,
    }
  }

  /**
   * A read (`countRead`) of a new domain uses up one of its pending reads: until they are gone its cname is
   * null (pendingReads), or its status pending (statusPendingReads).
   */
  #domainJson(app: App, d: StoredDomain, countRead: boolean): Record<string, unknown> {
    const pending = d.pendingReads > 0
    const statusPending = !pending && d.statusPendingReads > 0
    if (pending && countRead) d.pendingReads--
    else if (statusPending && countRead) d.statusPendingReads--
    const step = countRead ? d.acmSteps?.shift() : undefined
    if (step) {
      ;[d.acm_status, d.acm_status_reason] = step
      d.updated_at = this.#timestamp()
    }

    const endpoint = d.endpointId === null ? undefined : app.endpoints.find((e) => e.id === d.endpointId)
    return {
      acm_status: d.acm_status ?? null,
      acm_status_reason: d.acm_status_reason ?? null,
      app: {id: app.id, name: app.name},
      cname: d.kind === 'heroku' || pending ? null : d.cname,
      created_at: d.created_at,
      hostname: d.hostname,
      id: d.id,
      kind: d.kind,
      sni_endpoint: endpoint ? {id: endpoint.id, name: endpoint.name} : null,
      status: d.kind === 'heroku' ? 'none' : pending || statusPending ? 'pending' : d.finalStatus,
      updated_at: d.updated_at,
    }
  }
}
