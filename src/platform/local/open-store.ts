import {chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, statSync, type Stats} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {escapeForDisplay} from '../../lib/cert/display-text.js'
import {storeError} from '../platform-error.js'
import {toStoreError} from './store-error.js'
import {STORE_FILE_NAME} from './store-location.js'
import {MIGRATIONS, SCHEMA_VERSION} from './store-migrations.js'

export type StoreDatabase = BetterSqlite3.Database

/** How long a command waits for another process's write before giving up with "store busy". */
export const BUSY_TIMEOUT_MS = 10_000

export interface OpenStoreOptions {
  /** SNI_HOME: the directory holding platform.db. */
  home: string
  onNotice?: (message: string) => void
  busyTimeoutMs?: number
}

const require = createRequire(import.meta.url)

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`
}

function checkOwner(stats: Stats, path: string): void {
  if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) {
    throw storeError(
      `The local platform store ${escapeForDisplay(path)} belongs to another user.`,
      'STORE_NOT_OWNED',
      'Set SNI_HOME to a directory of your own.',
    )
  }
}

/** Tightens group/world permissions (security rule 8, F21) and says so once. */
function fixMode(path: string, stats: Stats, wanted: number, onNotice?: (message: string) => void): void {
  if (process.platform === 'win32' || (stats.mode & 0o777) === wanted) return
  chmodSync(path, wanted)
  onNotice?.(`Fixed the permissions of ${escapeForDisplay(path)} from ${octal(stats.mode)} to ${octal(wanted)}.`)
}

function notDirectory(home: string) {
  return storeError(`SNI_HOME ${escapeForDisplay(home)} is not a directory.`, 'STORE_NOT_DIRECTORY', 'Set SNI_HOME to a directory.')
}

function prepareDirectory(home: string, onNotice?: (message: string) => void): void {
  try {
    mkdirSync(home, {mode: 0o700, recursive: true})
  } catch (error) {
    // A file where the directory should be (EEXIST), or on its path (ENOTDIR).
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notDirectory(home)
    throw error
  }

  const stats = statSync(home)
  if (!stats.isDirectory()) throw notDirectory(home)

  checkOwner(stats, home)
  fixMode(home, stats, 0o700, onNotice)
}

/** Refuses symlinks (someone could point the store at another file) and tightens loose modes. */
function checkStoreFile(path: string, onNotice?: (message: string) => void): void {
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
  fixMode(path, stats, 0o600, onNotice)
}

/** Creates the database file with mode 0600 before SQLite sees it, so it is never briefly world-readable. */
function createStoreFile(path: string): void {
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0), 0o600))
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

/**
 * Opens (creating if needed) `$SNI_HOME/platform.db`: 0700 directory, 0600 files, WAL, a busy
 * timeout, foreign keys, and schema migrations. Never resets a store it cannot read: a corrupt file
 * or a newer schema is an exit-8 error and the file is left as it is.
 */
export function openStore(options: OpenStoreOptions): StoreDatabase {
  const path = join(options.home, STORE_FILE_NAME)
  let db: StoreDatabase | undefined
  try {
    prepareDirectory(options.home, options.onNotice)
    for (const file of [path, `${path}-wal`, `${path}-shm`]) checkStoreFile(file, options.onNotice)
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
