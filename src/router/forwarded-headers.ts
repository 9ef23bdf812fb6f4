import {randomUUID} from 'node:crypto'
import type {IncomingHttpHeaders, OutgoingHttpHeaders} from 'node:http'

/** Hop-by-hop headers (RFC 9110 7.6.1) and Expect: they concern one connection, never the next hop. */
const HOP_BY_HOP = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

/** Heroku's rule: a client's X-Request-Id is kept when it is 20-200 characters of [A-Za-z0-9+/=-]; else a new UUID. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/

export function pickRequestId(sent: string | string[] | undefined): string {
  const value = Array.isArray(sent) ? sent[0] : sent
  return value !== undefined && CLIENT_REQUEST_ID.test(value) ? value : randomUUID()
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) as `127.0.0.1`. */
export function clientAddress(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown'
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress
}

/** Drops hop-by-hop headers, including any the Connection header names. */
export function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  )
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value
  }

  return out
}

export interface ForwardingContext {
  clientIp: string
  /** The router's listening port. */
  port: number
  requestId: string
  /** The scheme the client used; https unless the request came to the HTTP port. */
  proto?: 'http' | 'https'
}

/** The X-Forwarded-* and X-Request-Id headers the app receives, as Heroku's router sets them. */
export function forwardedHeaders(incoming: IncomingHttpHeaders, context: ForwardingContext): Record<string, string> {
  const prior = incoming['x-forwarded-for']
  const chain = (Array.isArray(prior) ? prior.join(', ') : (prior ?? '')).trim()
  return {
    'x-forwarded-for': chain ? `${chain}, ${context.clientIp}` : context.clientIp,
    'x-forwarded-port': String(context.port),
    'x-forwarded-proto': context.proto ?? 'https',
    'x-request-id': context.requestId,
  }
}

/** Request headers for the upstream: the client's end-to-end headers (Host kept), then the forwarding headers. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, context: ForwardingContext): OutgoingHttpHeaders {
  return {...withoutHopByHop(incoming), ...forwardedHeaders(incoming, context)}
}
