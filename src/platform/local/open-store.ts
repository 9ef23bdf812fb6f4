import {closeSync, constants, lstatSync, openSync, type Stats} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {escapeForDisplay} from '../../lib/display-text.js'
import {storeError} from '../../lib/sni-error.js'
import {resolveStoreDirectory} from './store-directory.js'
import {toStoreError} from './store-error.js'
import {STORE_FILE_NAME} from './store-location.js'
import {MIGRATIONS, SCHEMA_VERSION} from './store-migrations.js'

export type StoreDatabase = BetterSqlite3.Database

/** How long a command waits for another process's write before giving up with "store busy". */
export const BUSY_TIMEOUT_MS = 10_000

export interface OpenStoreOptions {
  /** SNI_HOME: platform.db is kept in it, or in its private subdirectory when it is shared (store-directory.ts). */
  home: string
  onNotice?: (message: string) => void
  busyTimeoutMs?: number
}

const require = createRequire(import.meta.url)

function checkOwner(stats: Stats, path: string): void {
  if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) {
    throw storeError(
      `The local platform store ${escapeForDisplay(path)} belongs to another user.`,
      'STORE_NOT_OWNED',
      'Set SNI_HOME to a directory of your own.',
    )
  }
}

/**
 * Refuses symlinks (someone could point the store at another file) and files of another user. Modes
 * are left alone: the directory around the store is private (store-directory.ts), and sni creates its
 * files 0600.
 */
function checkStoreFile(path: string): void {
  let stats: Stats
  try {
    stats = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }

  if (stats.isSymbolicLink() || !stats.isFile()) {
    throw storeError(
      `The local platform store ${escapeForDisplay(path)} is a symbolic link or not a regular file, so it was not opened.`,
      'STORE_NOT_REGULAR_FILE',
      'Remove the link and run again, or set SNI_HOME to another directory.',
    )
  }

  checkOwner(stats, path)
}

/** Creates the database file with mode 0600 before SQLite sees it, so it is never briefly world-readable. */
function createStoreFile(path: string): void {
  try {
    closeSync(
      openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600),
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

function readSchemaVersion(db: StoreDatabase): number {
  return db.pragma('user_version', {simple: true}) as number
}

function refuseNewerSchema(version: number, path: string): void {
  if (version <= SCHEMA_VERSION) return
  throw storeError(
    `The local platform store ${escapeForDisplay(path)} was written by a newer sni (schema ${version}; this sni knows up to ${SCHEMA_VERSION}).`,
    'STORE_TOO_NEW',
    'Upgrade sni, or set SNI_HOME to another directory.',
  )
}

function migrate(db: StoreDatabase, path: string): void {
  if (readSchemaVersion(db) === SCHEMA_VERSION) return
  // IMMEDIATE: two processes opening a fresh store at once must not both run the migrations.
  db.transaction(() => {
    const version = readSchemaVersion(db)
    refuseNewerSchema(version, path)
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}

/** The directory of the store for SNI_HOME `home`, created if needed (0700); exit 8 when it cannot be used. */
export function prepareStoreDirectory(home: string): string {
  try {
    return resolveStoreDirectory(home, {create: true}) as string
  } catch (error) {
    throw toStoreError(error, join(home, STORE_FILE_NAME))
  }
}

/**
 * Opens (creating if needed) `platform.db` in the store directory of SNI_HOME: a private directory
 * (never a mode changed), 0600 files, WAL, a busy timeout, foreign keys, and schema migrations. Never
 * resets a store it cannot read: a corrupt file or a newer schema is an exit-8 error and the file is
 * left as it is.
 */
export function openStore(options: OpenStoreOptions): StoreDatabase {
  const path = join(prepareStoreDirectory(options.home), STORE_FILE_NAME)
  let db: StoreDatabase | undefined
  try {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) checkStoreFile(file)
    createStoreFile(path)
    // Loaded here, not at import: commands that never touch the local store never load the native module.
    const Database = require('better-sqlite3') as typeof BetterSqlite3
    db = new Database(path, {timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS})
    refuseNewerSchema(readSchemaVersion(db), path)
    db.pragma('journal_mode = WAL')
    // NORMAL is safe in WAL mode: a crash never corrupts, power loss may drop the last commit.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db, path)
    return db
  } catch (error) {
    db?.close()
    throw toStoreError(error, path)
  }
}

/**
 * Runs BODY in a transaction of the store at PATH: `read` is a consistent snapshot (BEGIN DEFERRED)
 * for multi-query reads; `write` takes the write lock up front (BEGIN IMMEDIATE, waiting up to the
 * busy timeout), so concurrent sni processes queue instead of losing updates. Failures become store
 * errors (exit 8) that name the file.
 */
export function inTransaction<T>(db: StoreDatabase, path: string, mode: 'read' | 'write', body: () => T): T {
  try {
    const transaction = db.transaction(body)
    return mode === 'read' ? transaction.deferred() : transaction.immediate()
  } catch (error) {
    throw toStoreError(error, path)
  }
}
