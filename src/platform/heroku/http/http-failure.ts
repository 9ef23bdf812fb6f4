import {escapeForDisplay} from '../../../lib/display-text.js'
import {cliCommand} from '../../../lib/cli-command.js'
import {ExitCode} from '../../../lib/exit-codes.js'
import {SniError} from '../../../lib/sni-error.js'

/** What a failure message needs to know about the request; never a header, a body or the token. */
export interface FailureContext {
  method: 'DELETE' | 'GET' | 'PATCH' | 'POST'
  path: string
  /** `api.heroku.com` (with the port when there is one). */
  host: string
  attempts: number
  /** The Request-Id of the last attempt: the API's echo when there is a response, else the one sent. */
  requestId?: string
  status?: number
  /** The API error `id` (`invalid_params`, `not_found`…). */
  errorId?: string
  /** A mutating attempt may have reached the server (timeout or reset after connecting, 5xx, a 2xx or 3xx). */
  maybeApplied: boolean
}

/** The `{id, message, url}` of an API error body, checked and made safe to print. */
export interface ApiErrorBody {
  id?: string
  message?: string
  url?: string
}

const NOTHING_CHANGED = 'nothing was changed'

function decodeSegment(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * The command that shows whether a request whose answer was lost took effect: the domain for a
 * request on one domain, the app's domains or certificates otherwise.
 */
export function checkCommandFor(path: string): string {
  const [, app, collection, item] = /^\/apps\/([^/]+)\/([^/]+)(?:\/([^/]+))?/.exec(path) ?? []
  const appName = decodeSegment(app) ?? 'APP'
  if (collection === 'domains') {
    const hostname = decodeSegment(item)
    return hostname ? cliCommand('domains:info', hostname, '--app', appName) : cliCommand('domains', '--app', appName)
  }

  return cliCommand('certs', '--app', appName)
}

/** `the outcome is unknown; run \`sni certs --app shop\` to check`: the end of an outcome-unknown message. */
export function outcomeUnknownStatement(path: string): string {
  return `the outcome is unknown; run \`${checkCommandFor(path)}\` to check`
}

function outcomeUnknown(context: FailureContext): boolean {
  return context.method !== 'GET' && context.maybeApplied
}

function changeStatement(context: FailureContext): string {
  return outcomeUnknown(context) ? outcomeUnknownStatement(context.path) : NOTHING_CHANGED
}

/**
 * The same error with a more precise check command: a POST that adds a domain is checked with
 * `domains:info HOSTNAME`, which only the caller knows (the hostname is in the body, not the path).
 */
export function withCheckCommand(error: SniError, command: string): SniError {
  const path = typeof error.details?.path === 'string' ? error.details.path : undefined
  if (!path || error.details?.outcomeUnknown !== true) return error
  const generic = checkCommandFor(path)
  const swap = (text: string) => text.replaceAll(`\`${generic}\``, `\`${command}\``)
  return new SniError(swap(error.message), {
    code: error.code,
    details: error.details,
    exit: error.exit,
    hint: error.hint === undefined ? undefined : swap(error.hint),
  })
}

function attemptsText(context: FailureContext): string {
  return `${context.attempts} attempt${context.attempts === 1 ? '' : 's'}`
}

function details(context: FailureContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    attempts: context.attempts,
    method: context.method,
    outcomeUnknown: outcomeUnknown(context),
    path: context.path,
    ...(context.requestId === undefined ? {} : {requestId: context.requestId}),
    ...(context.status === undefined ? {} : {status: context.status}),
    ...(context.errorId === undefined ? {} : {id: context.errorId}),
    ...extra,
  }
}

function transient(
  message: string,
  code: string,
  hint: string,
  context: FailureContext,
  extra?: Record<string, unknown>,
): SniError {
  return new SniError(message, {code, details: details(context, extra), exit: ExitCode.transient, hint})
}

function retryHint(context: FailureContext, first: string): string {
  return outcomeUnknown(context)
    ? `${first} Run \`${checkCommandFor(context.path)}\` to see whether the change was applied before trying again.`
    : `${first} Then try again.`
}

/** One line of untrusted API text, control characters escaped, at most 500 characters. */
function safeText(text: string): string {
  const oneLine = escapeForDisplay(text.replace(/\s+/g, ' ').trim())
  return oneLine.length > 500 ? `${oneLine.slice(0, 500)}…` : oneLine
}

/** Reads `{id, message, url}` from an error response; anything unreadable is left out, never thrown. */
export function parseApiErrorBody(body: Buffer, contentType: string | undefined): ApiErrorBody {
  if (body.length === 0 || body.length > 65_536) return {}
  if (contentType !== undefined && !/[/+]json\b/i.test(contentType)) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    return {}
  }

  if (typeof parsed !== 'object' || parsed === null) return {}
  const {id, message, url} = parsed as Record<string, unknown>
  const result: ApiErrorBody = {}
  if (typeof id === 'string' && /^[a-z0-9_]{1,64}$/.test(id)) result.id = id
  if (typeof message === 'string' && message.trim() !== '') result.message = safeText(message)
  if (typeof url === 'string' && /^https:\/\/[\x21-\x7e]{1,300}$/.test(url)) result.url = url
  return result
}

function appFromPath(path: string): string | undefined {
  const match = /^\/apps\/([^/]+)/.exec(path)
  if (!match?.[1]) return undefined
  try {
    return escapeForDisplay(decodeURIComponent(match[1]))
  } catch {
    return undefined
  }
}

/** A final 4xx (not 409 on GET/PATCH/DELETE, not 429): exit 4 for auth, exit 5 otherwise. */
export function clientError(context: FailureContext, apiError: ApiErrorBody): SniError {
  const status = context.status ?? 0
  const extra = apiError.url ? {url: apiError.url} : {}
  if (status === 401) {
    return new SniError(`the Heroku API rejected the token (401); ${NOTHING_CHANGED}`, {
      code: 'UNAUTHORIZED',
      details: details(context, extra),
      exit: ExitCode.auth,
      hint: 'Check HEROKU_API_KEY, or run heroku login to get a new token.',
    })
  }

  if (status === 403 && apiError.id === 'two_factor') {
    const app = appFromPath(context.path)
    return new SniError(
      `the Heroku API asks for a second factor${app ? ` for app ${app}` : ''}, and sni cannot prompt for one`,
      {
        code: 'TWO_FACTOR_REQUIRED',
        details: details(context, extra),
        exit: ExitCode.auth,
        hint: 'Make this change with the heroku CLI, which asks for the code (and pre-authorises the app for a while), then run sni again if needed.',
      },
    )
  }

  // The API's error id is the code and is shown as Heroku's CLI shows it (`Error ID: not_found`, see
  // renderErrorText), not as the hint: the adapter replaces a 404's hint with one about the resource.
  const hint = apiError.id
    ? `The platform refused the request; ${NOTHING_CHANGED}.`
    : `The API answered ${status} without an error id; run again with DEBUG=sni* to see the request.`
  if (status === 404) {
    return new SniError(apiError.message ?? "Couldn't find that resource.", {
      code: 'not_found',
      details: details(context, extra),
      exit: ExitCode.platformRefused,
      hint: `Check the names in the command; ${NOTHING_CHANGED}.`,
    })
  }

  return new SniError(apiError.message ?? `the Heroku API refused ${context.method} ${context.path} (${status})`, {
    code: apiError.id ?? 'API_REFUSED',
    details: details(context, extra),
    exit: ExitCode.platformRefused,
    hint,
  })
}

/** A POST that may have reached the server failed: never retried blindly; the adapter reconciles. */
export function outcomeUnknownError(
  context: FailureContext,
  cause: {networkCode?: string; status?: number; timeoutMs?: number; unexpected?: string},
): SniError {
  let what: string
  if (cause.status !== undefined) what = `the Heroku API failed with ${cause.status}`
  else if (cause.unexpected !== undefined) what = `unexpected response from API (${cause.unexpected})`
  else if (cause.networkCode === 'TIMEOUT')
    what = `no answer from ${context.host} within ${Math.round((cause.timeoutMs ?? 0) / 1000)} s`
  else what = `the connection to ${context.host} failed (${cause.networkCode ?? 'unknown error'})`
  return transient(
    `${what} after ${context.method} ${context.path} was sent; ${outcomeUnknownStatement(context.path)}`,
    'OUTCOME_UNKNOWN',
    `Run \`${checkCommandFor(context.path)}\` to see whether the change was applied before trying again.`,
    {...context, maybeApplied: true},
    {...(cause.networkCode ? {networkError: cause.networkCode} : {}), outcomeUnknown: true},
  )
}

/** TLS verification failures: the handshake failed, so nothing was sent, and retrying will not help. */
export function isTlsFailureCode(code: string): boolean {
  return /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/.test(
    code,
  )
}

/** Failures that happen before a connection exists, so nothing of the request reached the server. */
export function isBeforeSendCode(code: string): boolean {
  return ['EADDRNOTAVAIL', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND'].includes(code)
}

/** Network failure after the retry budget (or at once for TLS verification failures). */
export function networkFailureError(context: FailureContext, code: string, timeoutMs: number): SniError {
  const extra = {networkError: code}
  if (isTlsFailureCode(code)) {
    return transient(
      `the TLS certificate of ${context.host} could not be verified (${code}); ${changeStatement(context)}`,
      'API_TLS_FAILED',
      'Check HEROKU_HOST and any proxy that intercepts TLS; set NODE_EXTRA_CA_CERTS for a private certificate authority.',
      context,
      extra,
    )
  }

  if (code === 'TIMEOUT') {
    return transient(
      `no answer from ${context.host} within ${Math.round(timeoutMs / 1000)} s after ${attemptsText(context)}; ${changeStatement(context)}`,
      'API_TIMEOUT',
      retryHint(context, 'Check your network connection.'),
      context,
      extra,
    )
  }

  if (isBeforeSendCode(code)) {
    return transient(
      `cannot reach ${context.host} (${code}) after ${attemptsText(context)}; ${changeStatement(context)}`,
      'API_UNREACHABLE',
      retryHint(context, 'Check your network connection and HEROKU_HOST.'),
      context,
      extra,
    )
  }

  return transient(
    `the connection to ${context.host} failed (${code}) after ${attemptsText(context)}; ${changeStatement(context)}`,
    'API_CONNECTION_FAILED',
    retryHint(context, 'Check your network connection.'),
    context,
    extra,
  )
}

/** 5xx after the retry budget (GET, PATCH, DELETE). */
export function apiUnavailableError(context: FailureContext): SniError {
  return transient(
    `the Heroku API failed with ${context.status ?? 'an error'} after ${attemptsText(context)}; ${changeStatement(context)}`,
    'API_UNAVAILABLE',
    retryHint(context, 'Wait a few minutes (https://status.heroku.com lists incidents).'),
    context,
  )
}

/** 429 after the retry budget, or at once when `Retry-After` asks for more than sni waits. */
export function rateLimitedError(context: FailureContext, retryAfterMs?: number): SniError {
  if (retryAfterMs !== undefined) {
    const seconds = Math.ceil(retryAfterMs / 1000)
    return transient(
      `rate limited by the Heroku API, which asks to wait ${seconds} s (sni waits at most 60 s); ${changeStatement(context)}`,
      'RATE_LIMITED',
      retryHint(
        context,
        `Wait ${seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`} (the API allows about 4,500 requests an hour per account).`,
      ),
      context,
      {retryAfterSeconds: seconds},
    )
  }

  return transient(
    `rate limited by the Heroku API (429) after ${attemptsText(context)}; ${changeStatement(context)}`,
    'RATE_LIMITED',
    retryHint(context, 'Wait a minute (the API allows about 4,500 requests an hour per account).'),
    context,
  )
}

/** 409 on GET, PATCH or DELETE after the retry budget. */
export function conflictError(context: FailureContext, apiMessage: string | undefined): SniError {
  return transient(
    `the Heroku API reported a conflict (409${apiMessage ? `: ${apiMessage}` : ''}) after ${attemptsText(context)}; ${changeStatement(context)}`,
    'API_CONFLICT',
    retryHint(context, 'Another change to the same resource may be in progress; wait a minute.'),
    context,
  )
}

/** Any 3xx: never followed, so neither the token nor a body goes anywhere else. */
export function redirectError(context: FailureContext, origin: string | undefined): SniError {
  const target = origin ? escapeForDisplay(origin) : `another location (${context.status ?? 'redirect'})`
  return transient(
    `API redirected to ${target}; refusing to resend credentials, and ${changeStatement(context)}`,
    'API_REDIRECT',
    'Check HEROKU_HOST and any proxy in between; the Heroku API does not redirect.',
    {...context, maybeApplied: context.method !== 'GET'},
    origin ? {location: origin} : {},
  )
}

/** A 2xx that is not the JSON expected (HTML from a proxy, empty, not a list). */
export function unexpectedResponseError(context: FailureContext, what: string): SniError {
  const ctx = {...context, maybeApplied: context.method !== 'GET'}
  return transient(
    `unexpected response from API (${what}); ${changeStatement(ctx)}`,
    'UNEXPECTED_RESPONSE',
    retryHint(ctx, 'A proxy or a wrong HEROKU_HOST may be answering; run again with DEBUG=sni* to see the requests.'),
    ctx,
  )
}
