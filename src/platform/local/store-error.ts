import {escapeForDisplay} from '../../lib/cert/display-text.js'
import {SniError} from '../../lib/sni-error.js'
import {storeError} from '../platform-error.js'

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as Error & {code?: unknown}).code : undefined
  return typeof code === 'string' ? code : ''
}

/**
 * Maps what SQLite or the file system threw while using the store at `path` to an exit-8 error.
 * The original message is dropped: it is not ours to promise safe, and the code says enough.
 */
export function toStoreError(error: unknown, path: string): SniError {
  if (error instanceof SniError) return error
  const code = codeOf(error)
  const where = escapeForDisplay(path)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return storeError(
      `The local platform store ${where} is busy: another sni process kept it locked too long.`,
      'STORE_BUSY',
      'Wait for the other sni commands to finish, then run again.',
    )
  }

  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return storeError(
      `The local platform store ${where} is not a valid database.`,
      'STORE_CORRUPT',
      `The file was left untouched; move it aside (e.g. to ${where}.corrupt) to start an empty store, or restore it from a backup.`,
    )
  }

  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return storeError(`The local platform store ${where} cannot be written: the disk is full.`, 'STORE_FULL', 'Free some disk space, then run again.')
  }

  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code)
  ) {
    return storeError(
      `The local platform store ${where} cannot be opened or written (${code}).`,
      'STORE_ACCESS',
      'Check that the directory exists, is writable by you and not on a read-only file system, or set SNI_HOME to another directory.',
    )
  }

  return storeError(
    `The local platform store ${where} failed${code ? ` (${code})` : ''}.`,
    'STORE_IO',
    'Run again; if it persists, check the disk and the file, and report it.',
  )
}
