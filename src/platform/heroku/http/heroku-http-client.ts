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
}

export class HerokuHttpClient {
  constructor(readonly options: HerokuHttpClientOptions) {}

  async request<T>(_req: HerokuRequest): Promise<HerokuResponse<T>> {
    throw new Error('not implemented yet')
  }

  async list<T>(_path: string): Promise<T[]> {
    throw new Error('not implemented yet')
  }
}
