import {createHash, createPrivateKey, randomBytes, randomInt, randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

import {parseCertificateDer} from '../../src/lib/cert/parse-certificate.js'
import type {ParsedCertificate} from '../../src/lib/cert/types.js'
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
export type Fault = 'echo-private-key' | 'hang' | 'reset' | number | {status: number; body?: unknown; headers?: Record<string, string>}

export interface FaultRule {
  method?: string
  /** The decoded path, exactly (`/apps/example/sni-endpoints`), or a pattern. */
  path: string | RegExp
  fault: Fault
  /** Carry the request out first, then fail: the change happened but the answer is lost. */
  commit?: boolean
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
}

interface StoredEndpoint {
  id: string
  name: string
  certificate_chain: string
  ssl_cert: Record<string, unknown>
  display_name: null
  created_at: string
  updated_at: string
}

interface StoredDomain {
  id: string
  hostname: string
  kind: 'custom' | 'heroku'
  cname: string | null
  pendingReads: number
  endpointId: string | null
  created_at: string
  updated_at: string
}

interface App {
  id: string
  name: string
  endpoints: StoredEndpoint[]
  domains: StoredDomain[]
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
  if (chain.includes('PRIVATE KEY')) throw new ApiError(422, 'unprocessable_entity', 'Certificate chain must not contain a private key.')
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
  readonly #apps = new Map<string, App>()
  readonly #faults: Array<FaultRule & {remaining: number}> = []
  readonly #sockets = new Set<Socket>()
  readonly #hanging = new Set<ServerResponse>()
  #server?: Server
  #url = ''

  constructor(options: FakeHerokuApiOptions = {}) {
    this.token = options.token ?? FAKE_TOKEN
    this.pageSize = options.pageSize ?? 1000
    this.cnamePendingReads = options.cnamePendingReads ?? 0
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
    for (const res of this.#hanging) res.destroy()
    for (const socket of this.#sockets) socket.destroy()
    const server = this.#server
    if (!server) return
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  addApp(name: string): void {
    if (this.#apps.has(name)) return
    const time = timestamp()
    this.#apps.set(name, {
      domains: [
        {cname: null, created_at: time, endpointId: null, hostname: `${name}.herokuapp.com`, id: randomUUID(), kind: 'heroku', pendingReads: 0, updated_at: time},
      ],
      endpoints: [],
      id: randomUUID(),
      name,
    })
  }

  /** Adds a custom domain directly (not logged as a request). */
  seedDomain(app: string, hostname: string, options: {pendingReads?: number} = {}): void {
    this.#app(app).domains.push(this.#newDomain(hostname, null, options.pendingReads ?? 0))
  }

  /** Fails the next matching request(s) as described. */
  failNext(rule: FaultRule): void {
    this.#faults.push({...rule, remaining: rule.times ?? 1})
  }

  /** The stored endpoints and domains of an app, as the API would list them. */
  snapshot(app: string): {endpoints: Array<Record<string, unknown>>; domains: Array<Record<string, unknown>>} {
    const a = this.#app(app)
    return {domains: a.domains.map((d) => this.#domainJson(a, d, false)), endpoints: a.endpoints.map((e) => this.#endpointJson(a, e))}
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
    if (fault?.fault === 'echo-private-key') {
      const sent = typeof body === 'object' && body !== null ? String((body as Record<string, unknown>).private_key) : ''
      this.#send(res, 422, {id: 'unprocessable_entity', message: `Key is invalid: ${sent}`})
      return
    }

    if (fault && !fault.commit) {
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

    if (fault) {
      this.#applyFault(res, fault.fault)
      return
    }

    this.#send(res, status, payload, headers)
  }

  #takeFault(method: string, path: string): FaultRule | undefined {
    const index = this.#faults.findIndex(
      (f) => (f.method === undefined || f.method === method) && (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
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
      this.#send(res, fault, {id: fault >= 500 ? 'internal_server_error' : 'error', message: `Injected failure (HTTP ${fault}).`})
      return
    }

    this.#send(res, fault.status, fault.body ?? {id: 'error', message: `Injected failure (HTTP ${fault.status}).`}, fault.headers)
  }

  #send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(payload)
    res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', 'Request-Id': randomUUID(), ...headers})
    res.end(text)
  }

  #route(method: string, rawPath: string, body: unknown, range: string | undefined, headers: Record<string, string>): [number, unknown] {
    const segments = (rawPath.split('?')[0] ?? '').split('/').slice(1).map((s) => decodeURIComponent(s))
    if (segments[0] !== 'apps' || segments.length < 2) throw new ApiError(404, 'not_found', 'The requested API endpoint was not found.')
    const app = this.#apps.get(segments[1] ?? '')
    if (!app) throw appNotFound()
    const [, , collection, id, ...rest] = segments
    if (rest.length > 0) throw new ApiError(404, 'not_found', 'The requested API endpoint was not found.')
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    if (collection === undefined && method === 'GET') return [200, {acm: false, id: app.id, name: app.name}]
    if (collection === 'sni-endpoints') return this.#endpoints(app, method, id, input, range, headers)
    if (collection === 'domains') return this.#domains(app, method, id, input, range, headers)
    throw new ApiError(404, 'not_found', 'The requested API endpoint was not found.')
  }

  #endpoints(app: App, method: string, id: string | undefined, body: Record<string, unknown>, range: string | undefined, headers: Record<string, string>): [number, unknown] {
    if (id === undefined) {
      if (method === 'GET') return this.#page(app.endpoints, range, headers, (e) => this.#endpointJson(app, e))
      if (method === 'POST') {
        const {chain, sslCert} = computeSslCert(body)
        const time = timestamp()
        const endpoint: StoredEndpoint = {
          certificate_chain: chain,
          created_at: time,
          display_name: null,
          id: randomUUID(),
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
      endpoint.updated_at = timestamp()
      return [200, this.#endpointJson(app, endpoint)]
    }

    if (method === 'DELETE') {
      const json = this.#endpointJson(app, endpoint)
      app.endpoints = app.endpoints.filter((e) => e !== endpoint)
      for (const d of app.domains) {
        if (d.endpointId === endpoint.id) {
          d.endpointId = null
          d.updated_at = timestamp()
        }
      }

      return [200, json]
    }

    throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
  }

  #domains(app: App, method: string, id: string | undefined, body: Record<string, unknown>, range: string | undefined, headers: Record<string, string>): [number, unknown] {
    if (id === undefined) {
      if (method === 'GET') return this.#page(app.domains, range, headers, (d) => this.#domainJson(app, d, true))
      if (method === 'POST') {
        const missing = ['hostname', 'sni_endpoint'].filter((k) => !(k in body))
        if (missing.length > 0) throw new ApiError(422, 'invalid_params', `Require params: ${missing.join(', ')}.`)
        const hostname = String(body.hostname).toLowerCase()
        if (app.domains.some((d) => d.hostname === hostname)) throw new ApiError(422, 'invalid_params', `${hostname} is already added to this app.`)
        for (const other of this.#apps.values()) {
          if (other.domains.some((d) => d.hostname === hostname)) throw new ApiError(422, 'invalid_params', `${hostname} is currently in use by another app.`)
        }

        const endpointId = body.sni_endpoint === null ? null : this.#findEndpoint(app, String(body.sni_endpoint)).id
        const domain = this.#newDomain(hostname, endpointId, this.cnamePendingReads)
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
      domain.updated_at = timestamp()
      return [200, this.#domainJson(app, domain, false)]
    }

    if (method === 'DELETE') {
      app.domains = app.domains.filter((d) => d !== domain)
      return [200, this.#domainJson(app, domain, false)]
    }

    throw new ApiError(405, 'method_not_allowed', 'Method not allowed.')
  }

  /** Range pagination in creation order: `Next-Range: id ]<last id>..; max=N` on a 206 when more remain. */
  #page<T extends {id: string}>(items: T[], range: string | undefined, headers: Record<string, string>, toJson: (item: T) => unknown): [number, unknown] {
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
      const name = `${DINOSAURS[randomInt(DINOSAURS.length)] ?? 'tyrannosaurus'}-${randomInt(100_000).toString().padStart(5, '0')}`
      if (!taken.has(name)) return name
    }
  }

  #newDomain(hostname: string, endpointId: string | null, pendingReads: number): StoredDomain {
    const time = timestamp()
    const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'calm'
    const noun = NOUNS[randomInt(NOUNS.length)] ?? 'bay'
    return {
      cname: `${adjective}-${noun}-${randomBytes(9).toString('hex')}.herokudns.com`,
      created_at: time,
      endpointId,
      hostname,
      id: randomUUID(),
      kind: 'custom',
      pendingReads,
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

  /** A read (`countRead`) of a new domain uses up one of its pending reads; until they are gone its cname is null. */
  #domainJson(app: App, d: StoredDomain, countRead: boolean): Record<string, unknown> {
    const pending = d.pendingReads > 0
    if (pending && countRead) d.pendingReads--
    const endpoint = d.endpointId === null ? undefined : app.endpoints.find((e) => e.id === d.endpointId)
    return {
      acm_status: null,
      acm_status_reason: null,
      app: {id: app.id, name: app.name},
      cname: d.kind === 'heroku' || pending ? null : d.cname,
      created_at: d.created_at,
      hostname: d.hostname,
      id: d.id,
      kind: d.kind,
      sni_endpoint: endpoint ? {id: endpoint.id, name: endpoint.name} : null,
      status: d.kind === 'heroku' ? 'none' : pending ? 'pending' : 'succeeded',
      updated_at: d.updated_at,
    }
  }
}
