import {escapeForDisplay} from '../../lib/display-text.js'
import {ExitCode} from '../../lib/exit-codes.js'
import {SniError, storeError} from '../../lib/sni-error.js'

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as Error & {code?: unknown}).code : undefined
  return typeof code === 'string' ? code : ''
}

const NATIVE_HINT =
  'better-sqlite3 needs a build for this Node.js: run `npm rebuild better-sqlite3` where sni is installed (it downloads a prebuilt binary, or compiles one with a C++ compiler, make and Python 3; see the README, "Installing"). The Heroku platform (--platform heroku) does not need it.'

/**
 * The local platform's SQLite driver could not be loaded: not installed, no binary for this
 * Node.js (`npm ci --ignore-scripts`, an offline install that could not compile it), or a binary
 * built for another Node.js or machine. Said as such, not as a failing disk; the original error is
 * kept as the cause for DEBUG.
 */
export function nativeModuleError(error: unknown): SniError | undefined {
  if (!(error instanceof Error)) return undefined
  const code = codeOf(error)
  let problem: string | undefined
  if (code === 'MODULE_NOT_FOUND' && /better-sqlite3|bindings/.test(error.message)) problem = 'is not installed'
  else if (/Could not locate the bindings file/.test(error.message))
    problem = 'has no native binary built for this Node.js'
  else if (code === 'ERR_DLOPEN_FAILED')
    problem = /NODE_MODULE_VERSION/.test(error.message)
      ? 'was built for another Node.js version'
      : 'cannot be loaded on this machine'
  if (!problem) return undefined
  return new SniError(
    `The local platform cannot open its store: its SQLite module better-sqlite3 ${problem} (Node.js ${process.version}, ${process.platform}-${process.arch}).`,
    {cause: error, code: 'STORE_DRIVER_UNAVAILABLE', exit: ExitCode.store, hint: NATIVE_HINT},
  )
}

/**
 * Maps what SQLite or the file system threw while using the store at `path` to an exit-8 error.
 * The original message is not shown (it is not ours to promise safe, and the code says enough);
 * it stays the error's cause, printed only under DEBUG.
 */
export function toStoreError(error: unknown, path: string): SniError {
  if (error instanceof SniError) return error
  const native = nativeModuleError(error)
  if (native) return native
  const mapped = mapStoreError(error, path)
  mapped.cause = error
  return mapped
}

function mapStoreError(error: unknown, path: string): SniError {
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
    return storeError(
      `The local platform store ${where} cannot be written: the disk is full.`,
      'STORE_FULL',
      'Free some disk space, then run again.',
    )
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
