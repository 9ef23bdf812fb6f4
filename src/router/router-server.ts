import {Agent, type IncomingMessage, type ServerResponse} from 'node:http'
import {createServer, type Server} from 'node:https'
import type {AddressInfo, Socket} from 'node:net'
import {performance} from 'node:perf_hooks'
import type {SecureContext, TLSSocket} from 'node:tls'

import {usageError} from '../lib/sni-error.js'
import {ACME_TLS_ALPN_PROTOCOL, type AcmeChallengeResponder} from './acme-challenge-responder.js'
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
  /** Pending ACME challenges: TLS-ALPN-01 is answered on this TLS port. */
  challenges?: AcmeChallengeResponder
}

export interface RunningRouter {
  host: string
  port: number
  /** Stops accepting, lets requests in flight finish (up to the grace period), then closes every connection. */
  close(): Promise<void>
}

/**
 * SNI and ALPN callbacks that answer TLS-ALPN-01 validations (RFC 8737) on the serving port. A
 * client offering `acme-tls/1` for a name with a pending challenge gets the validation certificate;
 * everyone else negotiates http/1.1 and gets the domain's certificate by SNI. Under TLS 1.3 OpenSSL
 * asks ALPN before SNI, so the socket is marked and the SNI callback returns the challenge context.
 * Under TLS 1.2 it asks SNI first, and (measured on Node 20.20 / OpenSSL 3.0) a certificate set in
 * the ALPN callback is no longer used, so TLS-ALPN-01 needs a validator that speaks TLS 1.3, as
 * pebble's and Let's Encrypt's do (Go's TLS client prefers 1.3); HTTP-01 and DNS-01 have no such limit.
 */
function tlsCallbacks(options: RouterServerOptions) {
  const validating = new WeakSet<TLSSocket>()
  return {
    ALPNCallback(
      this: TLSSocket,
      {protocols, servername}: {protocols: string[]; servername: string},
    ): string | undefined {
      if (protocols.includes(ACME_TLS_ALPN_PROTOCOL)) {
        const context = options.challenges?.alpnContext(servername)
        if (!context) return undefined // only a CA validating a pending challenge may speak acme-tls/1
        validating.add(this)
        this.setKeyCert(context)
        return ACME_TLS_ALPN_PROTOCOL
      }

      // No shared protocol: RFC 7301's no_application_protocol alert.
      return ['http/1.1', 'http/1.0'].find((p) => protocols.includes(p))
    },
    SNICallback(
      this: TLSSocket,
      servername: string,
      callback: (err: Error | null, context?: SecureContext) => void,
    ): void {
      if (validating.has(this)) {
        callback(null, options.challenges?.alpnContext(servername))
        return
      }

      options.resolver.SNICallback(servername, callback)
    },
  }
}

const HOST_UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EAI_AGAIN', 'EAI_NONAME', 'EINVAL', 'ENOTFOUND'])

/**
 * A --host that this machine cannot listen on (not one of its addresses, or a name that does not
 * resolve), whichever port was being opened; undefined for any other failure.
 */
export function hostUnavailableError(error: NodeJS.ErrnoException, host: string): Error | undefined {
  if (!HOST_UNAVAILABLE.has(error.code ?? '')) return undefined
  return usageError(
    `Cannot listen on ${host}: it is not an address of this machine.`,
    'ROUTER_HOST_UNAVAILABLE',
    'Use --host 127.0.0.1.',
  )
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return usageError(
      `Port ${port} on ${host} is already in use.`,
      'ROUTER_PORT_IN_USE',
      'Stop the other process or choose another --port (--port 0 picks a free one).',
    )
  }

  if (error.code === 'EACCES') {
    return usageError(
      `Not allowed to listen on port ${port} of ${host}.`,
      'ROUTER_PORT_DENIED',
      'Choose a port above 1023, e.g. --port 8443.',
    )
  }

  return (
    hostUnavailableError(error, host) ??
    usageError(
      `Cannot listen on port ${port} of ${host} (${error.code ?? error.message}).`,
      'ROUTER_LISTEN_FAILED',
      'Check --host and --port; --host 127.0.0.1 --port 0 listens on a free loopback port.',
    )
  )
}

function handler(options: RouterServerOptions, agent: Agent, port: () => number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now()
    const socket = req.socket as TLSSocket
    const sni = typeof socket.servername === 'string' ? socket.servername : undefined
    const endpoint = sni ? options.resolver.endpointFor(sni) : undefined
    const context: ForwardingContext = {
      clientIp: clientAddress(socket.remoteAddress),
      port: port(),
      requestId: pickRequestId(req.headers['x-request-id']),
    }
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
  const server: Server = createServer(
    {...TLS_POLICY, ...tlsCallbacks(options)},
    handler(options, agent, () => boundPort),
  )
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    const servername = typeof socket.servername === 'string' ? socket.servername : undefined
    const served = servername !== undefined && options.resolver.endpointFor(servername) !== undefined
    const message = describeHandshakeError(error, servername, served)
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
