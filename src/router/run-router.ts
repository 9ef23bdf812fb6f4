import type {LocalAcmStore} from '../platform/local/acm-store.js'
import {AcmWorker} from '../platform/local/acm-worker.js'
import {AcmeChallengeResponder} from './acme-challenge-responder.js'
import {formatHandshakeRefusal} from './handshake-error.js'
import {type RunningHttpServer, startHttpServer} from './http-server.js'
import {acquireRouterLock} from './router-lock.js'
import {formatRequestLog} from './request-log.js'
import {removeRouterState, writeRouterState} from './router-state.js'
import {startRouter} from './router-server.js'
import {type ServingLookup, SniResolver} from './sni-resolver.js'
import type {Upstream} from './upstream-url.js'

export interface RunRouterOptions {
  /** The store directory (SNI_HOME or its private subdirectory): where router.lock and router.json are kept. */
  home: string
  host: string
  port: number
  upstream?: Upstream
  lookup: ServingLookup
  /** The store's version (LocalPlatformClient#storeVersion): the SNI map is kept while it stays the same. */
  storeVersion?: () => string
  /** Request log lines as JSON. */
  json: boolean
  /** Request log (one line each). */
  out: (line: string) => void
  /** Start-up, shutdown and TLS refusal lines. */
  err: (line: string) => void
  /** Signals that shut the router down; default SIGINT and SIGTERM. */
  signals?: NodeJS.Signals[]
  /** Resolves to stop the router without a signal (tests). */
  stop?: Promise<unknown>
  /** The plain-HTTP port (HTTP-01 challenges and HTTP requests); undefined serves no HTTP. */
  httpPort?: number
  /** --http-port was given: a busy port is an error. The default port, when busy, is skipped with a warning. */
  httpPortExplicit?: boolean
  /** The local platform's ACM state: the router obtains and renews ACM certificates. */
  acm?: LocalAcmStore
}

export interface RouterSummary {
  host: string
  port: number
  httpPort?: number
  requests: number
}

/** The HTTP port, or undefined (with a warning) when the default port is busy. */
async function openHttpPort(
  options: RunRouterOptions,
  challenges: AcmeChallengeResponder,
  onRequest: (line: string) => void,
): Promise<RunningHttpServer | undefined> {
  if (options.httpPort === undefined) return undefined
  try {
    return await startHttpServer({
      challenges,
      host: options.host,
      onRequest: (entry) => onRequest(formatRequestLog(entry, options.json)),
      port: options.httpPort,
      upstream: options.upstream,
    })
  } catch (error) {
    if (options.httpPortExplicit || (error as {code?: string}).code !== 'ROUTER_HTTP_PORT_IN_USE') throw error
    options.err(
      `Warning: HTTP port ${options.httpPort} is in use, so this router serves no HTTP and cannot answer ACME HTTP-01 challenges; choose a free one with --http-port.`,
    )
    return undefined
  }
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host)
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/**
 * Serves until a signal (or `stop`), then shuts down cleanly: server closed, router.json removed.
 * Holds the store's router lock from before listening until after router.json is removed, so a
 * second router on the same store refuses to start (exit 2) instead of taking over router.json.
 */
export async function runRouter(options: RunRouterOptions): Promise<RouterSummary> {
  const lock = acquireRouterLock(options.home)
  try {
    return await serve(options)
  } finally {
    lock.release()
  }
}

async function serve(options: RunRouterOptions): Promise<RouterSummary> {
  let requests = 0
  const challenges = new AcmeChallengeResponder()
  const resolver = new SniResolver({
    lookup: options.lookup,
    storeVersion: options.storeVersion,
    onError: (servername, error) => options.err(`Could not serve ${servername}: ${error.message}`),
  })
  // Signal handlers go in before the router says it is listening: a supervisor may signal as soon
  // as it reads that line, and a signal without a handler would kill the process uncleanly.
  const signals = options.signals ?? ['SIGINT', 'SIGTERM']
  let onSignal: (signal: NodeJS.Signals) => void = () => {}
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve
    for (const signal of signals) process.on(signal, onSignal)
  })
  let http: RunningHttpServer | undefined
  try {
    http = await openHttpPort(options, challenges, (line) => {
      requests++
      options.out(line)
    })
    const router = await startRouter({
      challenges,
      host: options.host,
      onRequest(entry) {
        requests++
        options.out(formatRequestLog(entry, options.json))
      },
      onTlsError: (info) => options.err(formatHandshakeRefusal(info)),
      port: options.port,
      resolver,
      upstream: options.upstream,
    })
    const worker = options.acm
      ? new AcmWorker({log: options.err, responder: challenges, store: options.acm, storeVersion: options.storeVersion})
      : undefined
    try {
      writeRouterState(options.home, {
        host: router.host,
        httpPort: http?.port,
        pid: process.pid,
        port: router.port,
        startedAt: new Date().toISOString(),
      })
      options.err(
        `Router listening on https://${urlHost(router.host)}:${router.port} (local platform at ${options.home})` +
          (options.upstream ? `, proxying to ${options.upstream.origin}${options.upstream.basePath}` : ''),
      )
      // After the listening line (which supervisors and tests wait for); the HTTP port is open already.
      if (http)
        options.err(
          `HTTP on http://${urlHost(router.host)}:${http.port} (ACME HTTP-01 challenges, and plain HTTP requests for the apps)`,
        )
      // Said once it is true: a --host that cannot be listened on fails above with its own error.
      if (!isLoopbackHost(router.host))
        options.err(`Warning: ${router.host} is not a loopback address; other machines may reach this router.`)
      worker?.start()
      const reason = await Promise.race([signalled, options.stop ?? new Promise(() => {})])
      options.err(`Shutting down${typeof reason === 'string' ? ` (${reason})` : ''}...`)
    } finally {
      await worker?.stop()
      await router.close()
      removeRouterState(options.home)
    }

    options.err(`Router stopped after ${requests} request${requests === 1 ? '' : 's'}.`)
    return {host: router.host, port: router.port, requests, ...(http ? {httpPort: http.port} : {})}
  } finally {
    await http?.close()
    for (const signal of signals) process.off(signal, onSignal)
  }
}
