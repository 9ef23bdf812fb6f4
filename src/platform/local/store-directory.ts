import {lstatSync, mkdirSync, type Stats, statSync} from 'node:fs'
import {join} from 'node:path'

import {escapeForDisplay} from '../../lib/display-text.js'
import {storeError} from '../../lib/sni-error.js'

/**
 * Where the local platform's files (platform.db, router.json, router.lock) live inside SNI_HOME. sni
 * never changes the mode of a directory it did not create: a private SNI_HOME is used as it is, a
 * shared one (such as /tmp, or a 0755 directory) gets a private subdirectory named after the user id,
 * and one that others may write to without the sticky bit is refused, since they could swap the files.
 */
export function privateSubdirectory(home: string, uid: number): string {
  return join(home, `sni-${uid}`)
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8)}`
}

function notADirectory(path: string) {
  return storeError(
    `SNI_HOME ${escapeForDisplay(path)} is not a directory.`,
    'STORE_NOT_DIRECTORY',
    'Set SNI_HOME to a directory.',
  )
}

/** A file on the path (ENOTDIR), or where a directory is to be made (EEXIST from a recursive mkdir). */
function isFileInTheWay(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOTDIR' || code === 'EEXIST'
}

function statOrUndefined(path: string, stat: (p: string) => Stats): Stats | undefined {
  try {
    return stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** SNI_HOME's own stats, creating it (0700, with its parents) when asked; a file on its path is STORE_NOT_DIRECTORY. */
function homeStats(home: string, create: boolean): Stats | undefined {
  try {
    const stats = statOrUndefined(home, statSync)
    if (stats || !create) return stats
    mkdirSync(home, {mode: 0o700, recursive: true})
    return statSync(home)
  } catch (error) {
    if (isFileInTheWay(error)) throw notADirectory(home)
    throw error
  }
}

/** Group or others may write, and the sticky bit does not stop them from renaming or deleting what is ours. */
function writableByOthers(stats: Stats): boolean {
  return (stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0
}

/**
 * The private subdirectory of a shared SNI_HOME: created 0700, or an existing one that is a real
 * directory (not a link someone planted), ours, and closed to group and others. Undefined when it does
 * not exist and `create` is false.
 */
function privateDirectory(home: string, uid: number, create: boolean): string | undefined {
  const path = privateSubdirectory(home, uid)
  if (create) {
    try {
      mkdirSync(path, {mode: 0o700})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }

  const stats = statOrUndefined(path, lstatSync)
  if (!stats) return undefined
  if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o077) !== 0) {
    const what = stats.isSymbolicLink()
      ? 'a symbolic link'
      : !stats.isDirectory()
        ? 'not a directory'
        : stats.uid === uid
          ? `open to others (mode ${octal(stats.mode)})`
          : 'owned by another user'
    throw storeError(
      `${escapeForDisplay(path)}, where sni keeps its files because SNI_HOME is shared, is ${what}; sni does not use it and changes nothing.`,
      'STORE_DIR_UNSAFE',
      stats.isDirectory() && stats.uid === uid
        ? `Run chmod 700 ${escapeForDisplay(path)} if it is yours, or set SNI_HOME to a directory of your own.`
        : 'Set SNI_HOME to a directory of your own.',
    )
  }

  return path
}

/**
 * Resolves (and with `create`, makes) the directory holding the local platform's files:
 * - SNI_HOME missing: created with mode 0700 (and its missing parents), then used;
 * - SNI_HOME ours and closed to group and others: used as it is;
 * - writable by group or others without the sticky bit: refused (exit 8), nothing changed;
 * - otherwise (sticky like /tmp's 1777, or only readable like 0755; for a sticky one, also another
 *   user's): the private subdirectory `sni-UID` inside it.
 * No mode is ever changed. Without `create` nothing is made: undefined when there is no store directory.
 */
export function resolveStoreDirectory(home: string, options: {create: boolean}): string | undefined {
  const stats = homeStats(home, options.create)
  if (!stats) return undefined
  if (!stats.isDirectory()) throw notADirectory(home)
  // Windows: no POSIX modes to check.
  if (typeof process.getuid !== 'function') return home

  const uid = process.getuid()
  const sticky = (stats.mode & 0o1000) !== 0
  if (stats.uid !== uid && !sticky) {
    throw storeError(
      `SNI_HOME ${escapeForDisplay(home)} belongs to another user.`,
      'STORE_NOT_OWNED',
      'Set SNI_HOME to a directory of your own.',
    )
  }

  if (writableByOthers(stats)) {
    throw storeError(
      `SNI_HOME ${escapeForDisplay(home)} can be written by others (mode ${octal(stats.mode)}) and has no sticky bit, so they could replace the store; sni does not use it and changes nothing.`,
      'STORE_DIR_UNSAFE',
      `Run chmod go-w ${escapeForDisplay(home)} (or chmod +t), or set SNI_HOME to a directory of your own.`,
    )
  }

  if (stats.uid === uid && (stats.mode & 0o077) === 0) return home
  return privateDirectory(home, uid, options.create)
}
