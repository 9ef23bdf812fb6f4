import {closeSync, constants, openSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {usageError} from '../lib/sni-error.js'
import {readRouterStateIn} from './router-state.js'

export const ROUTER_LOCK_FILE = 'router.lock'

export interface RouterLock {
  /** Lets the next router start; safe to call twice. */
  release(): void
}

const require = createRequire(import.meta.url)

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

function isBusy(error: unknown): boolean {
  const code = (error as {code?: unknown} | undefined)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

/**
 * One router per store: `router.lock` in the store directory, held as an exclusive SQLite transaction
 * (a POSIX lock on the file) for as long as the router runs. The operating system drops the lock when
 * the process ends in any way, SIGKILL included, so a lock is never stale: a dead router's lock is
 * simply free, and its leftover router.json is overwritten by the next router. A second router is
 * refused (exit 2) with the running one's address and pid.
 */
export function acquireRouterLock(directory: string): RouterLock {
  const path = join(directory, ROUTER_LOCK_FILE)
  try {
    // 0600 from the start, like the store; the file stays empty.
    closeSync(
      openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600),
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }

  const Database = require('better-sqlite3') as typeof BetterSqlite3
  const db = new Database(path, {timeout: 0})
  try {
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db.close()
    if (!isBusy(error)) throw error
    const running = readRouterStateIn(directory)
    throw usageError(
      running
        ? `A router is already running for this store: https://${urlHost(running.host)}:${running.port} (pid ${running.pid}).`
        : 'Another router is starting for this store.',
      'ROUTER_ALREADY_RUNNING',
      running
        ? `Use that one, or stop it first (Ctrl-C in its terminal, or kill ${running.pid}); another store needs another SNI_HOME.`
        : 'Wait for it, or stop it first; another store needs another SNI_HOME.',
    )
  }

  return {
    release() {
      if (db.open) db.close() // closing ends the transaction and drops the lock
    },
  }
}
