import {randomBytes} from 'node:crypto'
import {readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {cliCommand} from '../lib/cli-command.js'
import {usageError} from '../lib/sni-error.js'
import type {TlsTarget} from '../lib/tls-check/types.js'
import {resolveStoreDirectory} from '../platform/local/store-directory.js'

/**
 * `router.json` in the store directory (SNI_HOME, or its private subdirectory): where a running
 * `sni router:start` listens, for other commands (certs:check).
 */
export interface RouterState {
  host: string
  port: number
  /** The plain-HTTP port, when the router serves one. */
  httpPort?: number
  pid: number
  /** ISO 8601, UTC. */
  startedAt: string
}

export const ROUTER_STATE_FILE = 'router.json'

function isRouterState(value: unknown): value is RouterState {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.host === 'string' &&
    Number.isInteger(v.port) &&
    (v.port as number) > 0 &&
    (v.port as number) <= 65_535 &&
    Number.isInteger(v.pid) &&
    (v.pid as number) > 0 &&
    typeof v.startedAt === 'string'
  )
}

/** False only when the process surely does not exist (a process of another user counts as running). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/**
 * The running router of SNI_HOME `home`, or undefined when there is none: no store directory (nothing
 * is created to find out), no file, an unreadable or malformed one, or one left behind by a router
 * that no longer runs (killed without a clean shutdown).
 */
export function readRouterState(home: string): RouterState | undefined {
  let directory: string | undefined
  try {
    directory = resolveStoreDirectory(home, {create: false})
  } catch {
    return undefined // a store directory sni refuses to use serves no router either
  }

  return directory === undefined ? undefined : readRouterStateIn(directory)
}

/** As readRouterState, in a store directory already resolved. */
export function readRouterStateIn(directory: string): RouterState | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(directory, ROUTER_STATE_FILE), 'utf8'))
  } catch {
    return undefined
  }

  if (!isRouterState(parsed) || !isRunning(parsed.pid)) return undefined
  const state: RouterState = {host: parsed.host, pid: parsed.pid, port: parsed.port, startedAt: parsed.startedAt}
  if (Number.isInteger(parsed.httpPort)) state.httpPort = parsed.httpPort
  return state
}

/** Written atomically (temp file, mode 0600, rename), so a reader never sees half a file. */
export function writeRouterState(directory: string, state: RouterState): void {
  const path = join(directory, ROUTER_STATE_FILE)
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(temp, `${JSON.stringify(state)}\n`, {flag: 'wx', mode: 0o600})
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, {force: true})
    throw error
  }
}

/** Removes the state file only if it describes this process: a router never removes another's. */
export function removeRouterState(directory: string, pid: number = process.pid): void {
  const path = join(directory, ROUTER_STATE_FILE)
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as Partial<RouterState>
    if (current.pid !== pid) return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    // Malformed: ours or not, it serves nobody.
  }

  rmSync(path, {force: true})
}

/** A router listening on every address is reached on loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::' || host === '[::]') return '::1'
  return host
}

/** The local platform's DNS target: the TLS router `sni router:start` runs, else a usage error (exit 2). */
export function localRouterTarget(home: string): TlsTarget {
  const router = readRouterState(home) // undefined also when the recorded process is gone
  if (!router) {
    throw usageError(
      `the local router is not running; start it with \`${cliCommand('router:start')}\`, or pass --connect HOST:PORT`,
      'ROUTER_NOT_RUNNING',
      `Run \`${cliCommand('router:start')}\` in another terminal, then check again.`,
    )
  }

  return {host: reachableHost(router.host), port: router.port}
}
