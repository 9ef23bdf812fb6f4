import {Agent, type IncomingMessage, type ServerResponse} from 'node:http'
import {createServer, type Server} from 'node:https'
import type {AddressInfo, Socket} from 'node:net'
import {performance} from 'node:perf_hooks'
import type {TLSSocket} from 'node:tls'

import {usageError} from '../lib/sni-error.js'
import {echoDetails, sendEcho} from './echo-response.js'
import {describeHandshakeError} from './handshake-error.js'
import {clientAddress, type ForwardingContext, pickRequestId} from './forwarded-headers.js'
import {proxyRequest} from './proxy.js'
import type {RequestLogEntry} from './request-log.js'
import type {SniResolver} from './sni-resolver.js'
import {TLS_POLICY} from './tls-policy.js'
import type {Upstream} from './upstream-url.js'

export interface RouterServerOptions {
  host: string
  /** 0 picks a free port. */
  port: number
  resolver: SniResolver
  upstream?: Upstream
  onRequest: (entry: RequestLogEntry) => void
  /** A refused or failed handshake (unknown name, no SNI, old protocol version). */
  onTlsError?: (info: {clientIp: string; message: string; servername: string | undefined}) => void
  /** How long shutdown waits for requests in flight before cutting connections. */
  shutdownGraceMs?: number
}

export interface RunningRouter {
  host: string
  port: number
  /** Stops accepting, lets requests in flight finish (up to the grace period), then closes every connection. */
  close(): Promise<void>
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE': {
      return usageError(`Port ${port} on ${host} is already in use.`, 'ROUTER_PORT_IN_USE', 'Stop the other process or choose another --port (--port 0 picks a free one).')
    }

    case 'EACCES': {
      return usageError(`Not allowed to listen on port ${port} of ${host}.`, 'ROUTER_PORT_DENIED', 'Choose a port above 1023, e.g. --port 8443.')
    }

    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EINVAL':
    case 'ENOTFOUND': {
      return usageError(`Cannot listen on ${host}: it is not an address of this machine.`, 'ROUTER_HOST_UNAVAILABLE', 'Use --host 127.0.0.1.')
    }

    default: {
      return usageError(`Cannot listen on port ${port} of ${host} (${error.code ?? error.message}).`, 'ROUTER_LISTEN_FAILED', 'Check --host and --port; --host 127.0.0.1 --port 0 listens on a free loopback port.')
    }
  }
}

function handler(options: RouterServerOptions, agent: Agent, port: () => number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now()
    const socket = req.socket as TLSSocket
    const sni = typeof socket.servername === 'string' ? socket.servername : undefined
    const endpoint = sni ? options.resolver.endpointFor(sni) : undefined
    const context: ForwardingContext = {clientIp: clientAddress(socket.remoteAddress), port: port(), requestId: pickRequestId(req.headers['x-request-id'])}
    res.once('close', () => {
      options.onRequest({
        clientIp: context.clientIp,
        endpoint,
        method: req.method ?? '',
        ms: performance.now() - started,
        path: req.url ?? '',
        requestId: context.requestId,
        sni,
        status: res.headersSent ? res.statusCode : 499,
        time: new Date(),
      })
    })
    if (options.upstream) proxyRequest(req, res, options.upstream, agent, {...context, servername: sni})
    else sendEcho(req, res, echoDetails(req, context, sni, endpoint))
  }
}

/** The HTTPS server: certificate chosen per SNI name by the resolver, no default certificate. */
export async function startRouter(options: RouterServerOptions): Promise<RunningRouter> {
  const agent = new Agent({keepAlive: true})
  let boundPort = options.port
  // No cert/key on the server itself: a client without SNI (or with an unserved name) gets a
  // handshake_failure alert rather than some app's certificate.
  const server: Server = createServer({...TLS_POLICY, SNICallback: options.resolver.SNICallback}, handler(options, agent, () => boundPort))
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    const servername = typeof socket.servername === 'string' ? socket.servername : undefined
    const message = describeHandshakeError(error, servername, servername !== undefined && options.resolver.endpointFor(servername) !== undefined)
    if (message) options.onTlsError?.({clientIp: clientAddress(socket.remoteAddress), message, servername})
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options.host, options.port)))
    server.listen(options.port, options.host, () => resolve())
  })
  boundPort = (server.address() as AddressInfo).port

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy()
      }, options.shutdownGraceMs ?? 5000)
      timer.unref()
      server.once('close', () => {
        clearTimeout(timer)
        agent.destroy()
      })
    })
    return closing
  }

  return {close, host: options.host, port: boundPort}
}
