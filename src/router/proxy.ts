import {type Agent, type IncomingMessage, request, type ServerResponse} from 'node:http'

import {type ForwardingContext, upstreamRequestHeaders, withoutHopByHop} from './forwarded-headers.js'
import {type Upstream, upstreamTarget} from './upstream-url.js'

/**
 * Streams the request to the upstream and its response back, bodies in both directions as they come.
 * An upstream that cannot be reached (or fails before answering) gets the client a 502.
 */
export function proxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  agent: Agent,
  context: ForwardingContext & {servername?: string},
): void {
  const target = upstreamTarget(upstream.basePath, req.url ?? '/', context.servername)
  if (!('path' in target)) {
    const body = `${target.status} ${target.status === 421 ? 'Misdirected Request' : 'Bad Request'}: ${target.reason} (request ${context.requestId}).\n`
    res.writeHead(target.status, {
      'content-length': Buffer.byteLength(body),
      'content-type': 'text/plain; charset=utf-8',
    })
    res.end(body)
    req.resume()
    return
  }

  const outgoing = request({
    agent,
    headers: upstreamRequestHeaders(req.headers, context),
    host: upstream.hostname,
    method: req.method,
    path: target.path,
    port: upstream.port,
  })

  outgoing.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers))
    answer.pipe(res)
    answer.on('error', () => res.destroy())
  })

  outgoing.on('error', () => {
    if (res.headersSent) {
      res.destroy()
      return
    }

    const body = `502 Bad Gateway: the app at ${upstream.origin} did not answer (request ${context.requestId}).\n`
    res.writeHead(502, {'content-length': Buffer.byteLength(body), 'content-type': 'text/plain; charset=utf-8'})
    res.end(body)
  })

  // The client went away before the answer was complete: stop the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy()
  })
  req.pipe(outgoing)
}
