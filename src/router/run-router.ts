import {formatHandshakeRefusal} from './handshake-error.js'
import {formatRequestLog} from './request-log.js'
import {removeRouterState, writeRouterState} from './router-state.js'
import {startRouter} from './router-server.js'
import {type ServingLookup, SniResolver} from './sni-resolver.js'
import type {Upstream} from './upstream-url.js'

export interface RunRouterOptions {
  /** SNI_HOME: where router.json is written. */
  home: string
  host: string
  port: number
  upstream?: Upstream
  lookup: ServingLookup
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
}

export interface RouterSummary {
  host: string
  port: number
  requests: number
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host)
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Serves until a signal (or `stop`), then shuts down cleanly: server closed, router.json removed. */
export async function runRouter(options: RunRouterOptions): Promise<RouterSummary> {
  let requests = 0
  const resolver = new SniResolver({
    lookup: options.lookup,
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
  try {
    const router = await startRouter({
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
    try {
      writeRouterState(options.home, {host: router.host, pid: process.pid, port: router.port, startedAt: new Date().toISOString()})
      options.err(
        `Router listening on https://${urlHost(router.host)}:${router.port} (local platform at ${options.home})` +
          (options.upstream ? `, proxying to ${options.upstream.origin}${options.upstream.basePath}` : ''),
      )
      // Said once it is true: a --host that cannot be listened on fails above with its own error.
      if (!isLoopbackHost(router.host)) options.err(`Warning: ${router.host} is not a loopback address; other machines may reach this router.`)
      const reason = await Promise.race([signalled, options.stop ?? new Promise(() => {})])
      options.err(`Shutting down${typeof reason === 'string' ? ` (${reason})` : ''}...`)
    } finally {
      await router.close()
      removeRouterState(options.home)
    }

    options.err(`Router stopped after ${requests} request${requests === 1 ? '' : 's'}.`)
    return {host: router.host, port: router.port, requests}
  } finally {
    for (const signal of signals) process.off(signal, onSignal)
  }
}
