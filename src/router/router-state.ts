import {randomBytes} from 'node:crypto'
import {readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** `$SNI_HOME/router.json`: where a running `sni router:start` listens, for other commands (certs:check). */
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
    Number.isInteger(v.port) && (v.port as number) > 0 && (v.port as number) <= 65_535 &&
    Number.isInteger(v.pid) && (v.pid as number) > 0 &&
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
 * The running router's address, or undefined when there is none: no file, an unreadable or malformed
 * one, or one left behind by a router that no longer runs (killed without a clean shutdown).
 */
export function readRouterState(home: string): RouterState | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(home, ROUTER_STATE_FILE), 'utf8'))
  } catch {
    return undefined
  }

  if (!isRouterState(parsed) || !isRunning(parsed.pid)) return undefined
  const state: RouterState = {host: parsed.host, pid: parsed.pid, port: parsed.port, startedAt: parsed.startedAt}
  if (Number.isInteger(parsed.httpPort)) state.httpPort = parsed.httpPort
  return state
}

/** Written atomically (temp file, mode 0600, rename), so a reader never sees half a file. */
export function writeRouterState(home: string, state: RouterState): void {
  const path = join(home, ROUTER_STATE_FILE)
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    writeFileSync(temp, `${JSON.stringify(state)}\n`, {flag: 'wx', mode: 0o600})
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, {force: true})
    throw error
  }
}

/** Removes the state file if it still describes this process (a newer router may have replaced it). */
export function removeRouterState(home: string, pid: number = process.pid): void {
  const path = join(home, ROUTER_STATE_FILE)
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as Partial<RouterState>
    if (current.pid !== pid) return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    // Malformed: ours or not, it serves nobody.
  }

  rmSync(path, {force: true})
}
