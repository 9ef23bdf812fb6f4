import {randomUUID} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'

import {ExitCode} from '../../../lib/exit-codes.js'
import {SniError} from '../../../lib/sni-error.js'
import {isDebugNamespaceEnabled} from './debug-namespace.js'
import {
  apiUnavailableError,
  clientError,
  conflictError,
  isBeforeSendCode,
  isTlsFailureCode,
  networkFailureError,
  outcomeUnknownError,
  parseApiErrorBody,
  rateLimitedError,
  redirectError,
  unexpectedResponseError,
  type FailureContext,
} from './http-failure.js'
import {isLoopbackHostname} from './resolve-heroku-base-url.js'
import {backoffDelayMs, parseRetryAfterMs, RETRY_AFTER_LIMIT_MS} from './retry-delay.js'

export type HttpMethod = 'DELETE' | 'GET' | 'PATCH' | 'POST'

export interface HerokuRequest {
  method: HttpMethod
  /** Starts with `/`; every segment already `encodeURIComponent`ed, e.g. `/apps/example/sni-endpoints`. */
  path: string
  /** Serialised as JSON; sent with `Content-Type: application/json`. */
  body?: unknown
  /** Extra request headers; they never override Accept, Authorization, Content-Type, Request-Id or User-Agent. */
  headers?: Record<string, string>
}

export interface HerokuResponse<T> {
  status: number
  body: T
  /** Response headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>
  requestId?: string
}

export interface HerokuHttpClientOptions {
  /** From resolveHerokuBaseUrl: already checked (https, or http only for loopback). */
  baseUrl: URL
  token: string
  userAgent: string
  /** Per attempt; default 30000. */
  timeoutMs?: number
  /** Attempts in total for retryable failures; default 3. */
  maxAttempts?: number
  /** Injectable for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>
  /** Injectable for tests; default Math.random. */
  random?: () => number
  /** Environment read for DEBUG, HEROKU_DEBUG and NODE_TLS_REJECT_UNAUTHORIZED; default process.env. */
  env?: NodeJS.ProcessEnv
  /** Send bodies holding `private_key` even when TLS verification is turned off (the --insecure flag). */
  allowInsecure?: boolean
  /** Where debug lines go when DEBUG enables `sni:http`; default process.stderr. */
  trace?: (line: string) => void
}

export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_MAX_ATTEMPTS = 3
/** Heroku's list pages hold up to 1,000 items; this many pages is far beyond any app. */
const MAX_PAGES = 1000
const FIRST_RANGE = 'id ..; max=1000;'
/** A response larger than this is not the Platform API talking. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024
const ACCEPT = 'application/vnd.heroku+json; version=3'
const RESERVED_HEADERS = new Set([
  'accept',
  'authorization',
  'content-length',
  'content-type',
  'host',
  'request-id',
  'user-agent',
])
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/
const HEADER_VALUE = /^[\x20-\x7e]*$/
const PATH = /^\/[\x21-\x7e]*$/

type Transport = {request: typeof import('node:http').request}

interface ResponseOutcome {
  kind: 'response'
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

interface NetworkOutcome {
  kind: 'network'
  /** An errno-style code (`ECONNRESET`), `TIMEOUT` or `RESPONSE_TOO_LARGE`. */
  code: string
}

type AttemptOutcome = NetworkOutcome | ResponseOutcome

let httpsTransport: Promise<Transport> | undefined
let httpTransport: Promise<Transport> | undefined

/** node:http(s) loaded on first use (start-up time is benchmarked); `.default` so test interceptors see calls. */
function loadTransport(protocol: string): Promise<Transport> {
  if (protocol === 'https:') {
    httpsTransport ??= import('node:https').then((mod) => mod.default)
    return httpsTransport
  }

  httpTransport ??= import('node:http').then((mod) => mod.default)
  return httpTransport
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms)
  })
}

function isJsonContentType(contentType: string | undefined): boolean {
  return contentType === undefined || /[/+]json\b/i.test(contentType)
}

/**
 * The Platform API transport: node:https, Heroku headers, bearer token to the configured origin only,
 * bounded retries with full-jitter backoff, Range pagination, and every failure mapped to an SniError with
 * the right exit code and a statement of whether anything changed. Never follows redirects; never logs a body.
 */
export class HerokuHttpClient {
  readonly #base: URL
  readonly #basePath: string
  readonly #token: string
  readonly #userAgent: string
  readonly #timeoutMs: number
  readonly #maxAttempts: number
  readonly #sleep: (ms: number) => Promise<void>
  readonly #random: () => number
  readonly #env: NodeJS.ProcessEnv
  readonly #allowInsecure: boolean
  readonly #trace: ((line: string) => void) | undefined

  constructor(options: HerokuHttpClientOptions) {
    const base = new URL(options.baseUrl.href)
    const loopback = isLoopbackHostname(base.hostname)
    // Defence in depth: resolveHerokuBaseUrl already refuses these.
    if (
      base.username !== '' ||
      base.password !== '' ||
      (base.protocol !== 'https:' && !(base.protocol === 'http:' && loopback))
    ) {
      throw new SniError(
        'the Heroku API URL must be https (http only for localhost) and hold no user name or password',
        {
          code: 'HEROKU_HOST_INVALID',
          exit: ExitCode.usage,
          hint: 'Unset HEROKU_HOST, or set it to a host under heroku.com.',
        },
      )
    }

    this.#base = base
    this.#basePath = base.pathname.replace(/\/+$/, '')
    this.#token = options.token
    this.#userAgent = options.userAgent
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)
    this.#sleep = options.sleep ?? defaultSleep
    this.#random = options.random ?? Math.random
    this.#env = options.env ?? process.env
    this.#allowInsecure = options.allowInsecure === true
    const debug =
      isDebugNamespaceEnabled('sni:http', this.#env.DEBUG) || ['1', 'true'].includes(this.#env.HEROKU_DEBUG ?? '')
    this.#trace = debug ? (options.trace ?? ((line) => process.stderr.write(`${line}\n`))) : undefined
  }

  /** The API origin requests go to (and the only one the token is sent to). */
  get origin(): string {
    return this.#base.origin
  }

  /**
   * One API call. Resolves only for a 2xx with a JSON body; throws SniError otherwise (see http-failure.ts).
   * GET, PATCH and DELETE are retried on network errors, timeouts, 5xx, 429 and 409; POST only when nothing
   * was sent (connection refused, DNS), or on 429; a POST that may have reached the server throws OUTCOME_UNKNOWN.
   */
  async request<T>(req: HerokuRequest): Promise<HerokuResponse<T>> {
    this.#checkRequest(req)
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8')
    this.#refuseInsecureKeyUpload(payload)

    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name] = value
    headers.Accept = ACCEPT
    headers.Authorization = `Bearer ${this.#token}`
    headers['User-Agent'] = this.#userAgent
    if (payload) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = String(payload.length)
    }

    const context: FailureContext = {
      attempts: 0,
      host: this.#base.host,
      maybeApplied: false,
      method: req.method,
      path: req.path,
    }

    for (let attempt = 1; ; attempt++) {
      context.attempts = attempt
      context.requestId = randomUUID()
      context.status = undefined
      headers['Request-Id'] = context.requestId
      const started = Date.now()
      const outcome = await this.#attempt(req.method, req.path, headers, payload)
      const last = attempt >= this.#maxAttempts

      if (outcome.kind === 'network') {
        this.#traceLine(req, outcome.code, started, context.requestId, attempt)
        if (outcome.code === 'RESPONSE_TOO_LARGE') {
          throw req.method === 'POST'
            ? outcomeUnknownError(context, {unexpected: 'response too large'})
            : unexpectedResponseError(context, 'response too large')
        }

        const tls = isTlsFailureCode(outcome.code)
        const beforeSend = tls || isBeforeSendCode(outcome.code)
        if (!beforeSend && req.method === 'POST')
          throw outcomeUnknownError(context, {networkCode: outcome.code, timeoutMs: this.#timeoutMs})
        if (!beforeSend && req.method !== 'GET') context.maybeApplied = true
        if (tls || last) throw networkFailureError(context, outcome.code, this.#timeoutMs)
        await this.#backoff(req, attempt, outcome.code)
        continue
      }

      const {status} = outcome
      context.status = status
      context.requestId = firstHeader(outcome.headers['request-id']) ?? context.requestId
      this.#traceLine(req, String(status), started, context.requestId, attempt)

      if (status >= 200 && status < 300) return this.#successResponse<T>(outcome, context)
      if (status >= 300 && status < 400) throw redirectError(context, this.#redirectOrigin(outcome.headers.location))

      const apiError = parseApiErrorBody(outcome.body, outcome.headers['content-type'])
      context.errorId = apiError.id

      if (status === 429) {
        const waitMs = parseRetryAfterMs(firstHeader(outcome.headers['retry-after']))
        if (waitMs !== undefined && waitMs > RETRY_AFTER_LIMIT_MS) throw rateLimitedError(context, waitMs)
        if (last) throw rateLimitedError(context)
        await this.#backoff(req, attempt, '429', waitMs)
        continue
      }

      if (status >= 500) {
        if (req.method === 'POST') throw outcomeUnknownError(context, {status})
        if (req.method !== 'GET') context.maybeApplied = true
        if (last) throw apiUnavailableError(context)
        await this.#backoff(req, attempt, String(status))
        continue
      }

      if (status === 409 && req.method !== 'POST') {
        if (last) throw conflictError(context, apiError.message)
        await this.#backoff(req, attempt, '409')
        continue
      }

      throw clientError(context, apiError)
    }
  }

  /**
   * Every item of a list: GET with `Range: id ..; max=1000;` (or none when `firstRange` is null), then one GET
   * per `Next-Range` while the API answers 206. Any failure on any page throws (each page has its own
   * retries): never a partial list.
   */
  async list<T>(path: string, options: {firstRange?: string | null} = {}): Promise<T[]> {
    const items: T[] = []
    const seen = new Set<string>()
    let range: string | null = options.firstRange === undefined ? FIRST_RANGE : options.firstRange
    for (let page = 1; ; page++) {
      const response = await this.request<unknown>({
        ...(range === null ? {} : {headers: {Range: range}}),
        method: 'GET',
        path,
      })
      const context: FailureContext = {
        attempts: 1,
        host: this.#base.host,
        maybeApplied: false,
        method: 'GET',
        path,
        requestId: response.requestId,
        status: response.status,
      }
      if (!Array.isArray(response.body))
        throw unexpectedResponseError(context, `${response.status} JSON ${typeof response.body}, not a list`)
      for (const item of response.body as T[]) items.push(item)

      const next = firstHeader(response.headers['next-range'])
      if (response.status !== 206 || next === undefined || next === '') return items
      if (!HEADER_VALUE.test(next) || next.length > 1000)
        throw unexpectedResponseError(context, `${response.status} with an invalid Next-Range`)
      if (seen.has(next) || page >= MAX_PAGES)
        throw unexpectedResponseError(context, `${response.status} with a Next-Range that does not advance`)
      seen.add(next)
      range = next
    }
  }

  #checkRequest(req: HerokuRequest): void {
    if (!PATH.test(req.path) || req.path.startsWith('//')) {
      throw new SniError('internal error: an API path must start with / and hold only encoded characters', {
        code: 'API_PATH_INVALID',
        exit: ExitCode.internal,
        hint: 'This is a bug in sni; please report it.',
      })
    }

    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase()) || !HEADER_VALUE.test(value)) {
        throw new SniError(
          `internal error: header ${HEADER_NAME.test(name) ? name : '(invalid name)'} cannot be set on an API request`,
          {
            code: 'API_HEADER_INVALID',
            exit: ExitCode.internal,
            hint: 'This is a bug in sni; please report it.',
          },
        )
      }
    }
  }

  /** With TLS verification turned off, a private key goes nowhere but loopback unless --insecure says so. */
  #refuseInsecureKeyUpload(payload: Buffer | undefined): void {
    if (!payload || this.#allowInsecure || isLoopbackHostname(this.#base.hostname)) return
    if (this.#env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return
    if (!payload.includes('"private_key"')) return
    throw new SniError(
      `NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks, so sni will not send a private key to ${this.#base.host}`,
      {
        code: 'TLS_VERIFICATION_DISABLED',
        exit: ExitCode.usage,
        hint: 'Unset NODE_TLS_REJECT_UNAUTHORIZED; for a private CA, use NODE_EXTRA_CA_CERTS instead.',
        details: {host: this.#base.host},
      },
    )
  }

  #successResponse<T>(outcome: ResponseOutcome, context: FailureContext): HerokuResponse<T> {
    const contentType = firstHeader(outcome.headers['content-type'])
    const describe = `${outcome.status} ${contentType ? contentType.split(';')[0]?.trim() : 'no content type'}`
    const bad = (what: string): SniError =>
      context.method === 'POST'
        ? outcomeUnknownError(context, {unexpected: what})
        : unexpectedResponseError(context, what)
    if (outcome.body.length === 0) throw bad(`${outcome.status} empty body`)
    if (!isJsonContentType(contentType)) throw bad(describe)
    let body: T
    try {
      body = JSON.parse(outcome.body.toString('utf8')) as T
    } catch {
      throw bad(`${describe}, not valid JSON`)
    }

    return {body, headers: outcome.headers, requestId: context.requestId, status: outcome.status}
  }

  #redirectOrigin(location: string | undefined): string | undefined {
    if (!location) return undefined
    try {
      return new URL(location, this.#base).origin
    } catch {
      return undefined
    }
  }

  async #backoff(req: HerokuRequest, attempt: number, reason: string, waitMs?: number): Promise<void> {
    const delay = waitMs ?? backoffDelayMs(attempt, this.#random)
    this.#trace?.(`sni:http retrying ${req.method} ${req.path} in ${delay}ms (${reason})`)
    await this.#sleep(delay)
  }

  #traceLine(
    req: HerokuRequest,
    result: string,
    started: number,
    requestId: string | undefined,
    attempt: number,
  ): void {
    // Method, path, status and timing only: never a header value, never a body.
    this.#trace?.(
      `sni:http ${req.method} ${req.path} ${result} ${Date.now() - started}ms request-id=${requestId ?? '-'} attempt=${attempt}/${this.#maxAttempts}`,
    )
  }

  async #attempt(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    payload: Buffer | undefined,
  ): Promise<AttemptOutcome> {
    const transport = await loadTransport(this.#base.protocol)
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false
      let req: import('node:http').ClientRequest | undefined
      const timer = setTimeout(() => {
        finish({code: 'TIMEOUT', kind: 'network'})
        req?.destroy()
      }, this.#timeoutMs)
      const finish = (outcome: AttemptOutcome): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(outcome)
      }

      const fail = (error: unknown, fallback = 'ECONNRESET'): void => {
        const code = (error as NodeJS.ErrnoException | undefined)?.code
        finish({code: typeof code === 'string' && code !== '' ? code : fallback, kind: 'network'})
      }

      try {
        req = transport.request(
          {
            headers,
            hostname: this.#base.hostname.replace(/^\[(.*)\]$/, '$1'),
            method,
            path: this.#basePath + path,
            port: this.#base.port === '' ? undefined : Number(this.#base.port),
            protocol: this.#base.protocol,
          },
          (res) => {
            const chunks: Buffer[] = []
            let size = 0
            res.on('data', (chunk: Buffer) => {
              size += chunk.length
              if (size > MAX_RESPONSE_BYTES) {
                finish({code: 'RESPONSE_TOO_LARGE', kind: 'network'})
                req?.destroy()
                return
              }

              chunks.push(chunk)
            })
            res.on('end', () =>
              finish({
                body: Buffer.concat(chunks),
                headers: res.headers,
                kind: 'response',
                status: res.statusCode ?? 0,
              }),
            )
            res.on('error', (error) => fail(error))
            res.on('close', () => {
              if (!res.complete) fail(undefined)
            })
          },
        )
      } catch (error) {
        fail(error, 'EREQUEST')
        return
      }

      req.on('error', (error) => fail(error))
      req.end(payload)
    })
  }
}
