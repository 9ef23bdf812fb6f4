import {Agent, createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'
import {performance} from 'node:perf_hooks'

import {usageError} from '../lib/sni-error.js'
import type {AcmeChallengeResponder} from './acme-challenge-responder.js'
import {echoDetails, sendEcho} from './echo-response.js'
import {clientAddress, type ForwardingContext, pickRequestId} from './forwarded-headers.js'
import {proxyRequest} from './proxy.js'
import {hostUnavailableError} from './router-server.js'
import type {RequestLogEntry} from './request-log.js'
import type {Upstream} from './upstream-url.js'

export interface HttpServerOptions {
  host: string
  /** 0 picks a free port. */
  port: number
  challenges: AcmeChallengeResponder
  upstream?: Upstream
  onRequest: (entry: RequestLogEntry) => void
}

export interface RunningHttpServer {
  port: number
  close(): Promise<void>
}

/**
 * Why the HTTP port could not be opened, as a usage error: a busy or forbidden port names --http-port;
 * a --host that is no address of this machine is said as such (the HTTP port is opened first, so it
 * meets a bad --host before the TLS port does); any other failure names the system's code.
 */
export function httpListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return usageError(
      `HTTP port ${port} on ${host} is already in use.`,
      'ROUTER_HTTP_PORT_IN_USE',
      'Stop the other process or choose another --http-port (0 picks a free one).',
    )
  }

  if (error.code === 'EACCES') {
    return usageError(
      `Not allowed to listen on HTTP port ${port} of ${host}.`,
      'ROUTER_HTTP_PORT_DENIED',
      'Choose a port above 1023, e.g. --http-port 8080.',
    )
  }

  return (
    hostUnavailableError(error, host) ??
    usageError(
      `Cannot listen on HTTP port ${port} of ${host} (${error.code ?? error.message}).`,
      'ROUTER_LISTEN_FAILED',
      'Check --host and --http-port.',
    )
  )
}

function answerChallenge(req: IncomingMessage, res: ServerResponse, keyAuthorization: string): void {
  req.resume()
  res.writeHead(200, {
    'content-length': Buffer.byteLength(keyAuthorization),
    'content-type': 'application/octet-stream',
  })
  res.end(req.method === 'HEAD' ? undefined : keyAuthorization)
}

/**
 * The router's plain-HTTP port, as Heroku's router serves HTTP: requests go to the app (with
 * X-Forwarded-Proto: http), or get the echo without an upstream. Pending ACME HTTP-01 challenges
 * (`/.well-known/acme-challenge/TOKEN`) are answered here, whatever the Host.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const agent = new Agent({keepAlive: true})
  let boundPort = options.port
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    const started = performance.now()
    const context: ForwardingContext = {
      clientIp: clientAddress(req.socket.remoteAddress),
      port: boundPort,
      proto: 'http',
      requestId: pickRequestId(req.headers['x-request-id']),
    }
    res.once('close', () => {
      options.onRequest({
        clientIp: context.clientIp,
        endpoint: undefined,
        method: req.method ?? '',
        ms: performance.now() - started,
        path: req.url ?? '',
        requestId: context.requestId,
        sni: undefined,
        status: res.headersSent ? res.statusCode : 499,
        time: new Date(),
      })
    })
    const answer = req.method === 'GET' || req.method === 'HEAD' ? options.challenges.http01Answer(req.url) : undefined
    if (answer !== undefined) answerChallenge(req, res, answer)
    else if (options.upstream) proxyRequest(req, res, options.upstream, agent, context)
    else sendEcho(req, res, echoDetails(req, context, undefined, undefined))
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(httpListenError(error, options.host, options.port)))
    server.listen(options.port, options.host, () => resolve())
  })
  boundPort = (server.address() as AddressInfo).port
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          agent.destroy()
          resolve()
        })
        for (const socket of sockets) socket.destroy()
      }),
    port: boundPort,
  }
}
