import type {IncomingMessage, ServerResponse} from 'node:http'

import {type ForwardingContext, forwardedHeaders} from './forwarded-headers.js'

export interface EchoDetails {
  method: string
  path: string
  host: string | undefined
  sni: string | undefined
  endpoint: string | undefined
  /** The X-Forwarded-* and X-Request-Id headers the app would receive. */
  headers: Record<string, string>
}

export function echoDetails(
  req: IncomingMessage,
  context: ForwardingContext,
  sni: string | undefined,
  endpoint: string | undefined,
): EchoDetails {
  return {
    endpoint,
    headers: forwardedHeaders(req.headers, context),
    host: req.headers.host,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    sni,
  }
}

export function renderEchoText(details: EchoDetails): string {
  const lines = [
    'sni router: no --upstream given, so here is what the app would have received.',
    '',
    `${details.method} ${details.path}`,
    `Host: ${details.host ?? '(none)'}`,
    ...Object.entries(details.headers).map(([name, value]) => `${name}: ${value}`),
    '',
    `SNI name: ${details.sni ?? '(none)'}`,
    `Endpoint: ${details.endpoint ?? '(unknown)'}`,
  ]
  return `${lines.join('\n')}\n`
}

/** Without an upstream: 200 showing the request as the app would see it; JSON when the client accepts it. */
export function sendEcho(req: IncomingMessage, res: ServerResponse, details: EchoDetails): void {
  const json = /\bapplication\/json\b/.test(req.headers.accept ?? '')
  const body = json ? `${JSON.stringify(details, null, 2)}\n` : renderEchoText(details)
  req.resume() // a request body is read and dropped
  res.writeHead(200, {
    'content-length': Buffer.byteLength(body),
    'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'x-request-id': details.headers['x-request-id'],
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}
