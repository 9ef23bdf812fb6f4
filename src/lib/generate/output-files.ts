import {randomBytes} from 'node:crypto'
import {closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import type {SecretPem} from '../x509/secret-pem.js'
import {SniError, usageError} from '../sni-error.js'

export interface OutputFiles {
  keyFile: string
  /** `<DOMAIN>.csr`, or `<DOMAIN>.crt` for a self-signed certificate. */
  requestFile: string
}

export interface OutputContents {
  privateKeyPem: SecretPem
  requestPem: string
}

const KEY_MODE = 0o600
const PUBLIC_MODE = 0o644

/** Paths for DOMAIN's files in `dir`; a wildcard's `*` becomes `wildcard` so shells need no quoting. */
export function planOutputFiles(dir: string, domain: string, selfSigned: boolean): OutputFiles {
  const base = domain.replace(/^\*\./, 'wildcard.')
  return {keyFile: join(dir, `${base}.key`), requestFile: join(dir, `${base}${selfSigned ? '.crt' : '.csr'}`)}
}

function refuseExisting(path: string): never {
  throw usageError(
    `'${path}' already exists; nothing was written.`,
    'FILE_EXISTS',
    'Pass --force to overwrite it, or --dir to write somewhere else.',
  )
}

function rejectWrite(path: string, error: unknown): never {
  const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error'
  throw usageError(
    `'${path}' cannot be written (${reason}).`,
    'FILE_WRITE_FAILED',
    'Check that the directory exists and that you may write to it.',
  )
}

/**
 * `--dir`: created when missing (with its parents, mode 0700: it is about to hold a private key), as
 * `mkdir -p` would; a path that exists and is not a directory is a usage error.
 */
export function ensureOutputDirectory(dir: string): void {
  try {
    mkdirSync(dir, {mode: 0o700, recursive: true})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw usageError(
        `--dir '${dir}' is not a directory; nothing was written.`,
        'OUTPUT_DIR_INVALID',
        'Give a directory, or a path where one can be created.',
      )
    }

    throw usageError(
      `--dir '${dir}' cannot be created (${code}); nothing was written.`,
      'FILE_WRITE_FAILED',
      'Check that you may write to its parent directory.',
    )
  }
}

/** Refuses early, before a key is generated, when a file would be overwritten without `force`. */
export function assertOutputFilesFree(files: OutputFiles, force: boolean): void {
  if (force) return
  for (const path of [files.keyFile, files.requestFile]) if (existsSync(path)) refuseExisting(path)
}

function writeExclusive(path: string, data: string, mode: number): void {
  let fd: number
  try {
    // O_EXCL also refuses a symlink planted at the path
    fd = openSync(path, 'wx', mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting(path)
    rejectWrite(path, error)
  }

  try {
    writeSync(fd, data)
  } finally {
    closeSync(fd)
  }
}

function writeReplacing(path: string, data: string, mode: number): void {
  // Written under a private temporary name, then renamed: the key is never readable by others,
  // even for a moment, and an interrupted run leaves the old file whole.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeExclusive(temp, data, mode)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, {force: true})
    if (error instanceof SniError) throw error
    rejectWrite(path, error)
  }
}

/**
 * Writes the key (mode 0600) and the CSR or certificate. Without `force` an existing file is never
 * touched, and a key already written is removed again if its partner cannot be, so a refusal
 * leaves nothing behind.
 */
export function writeOutputFiles(files: OutputFiles, contents: OutputContents, force: boolean): void {
  const write = force ? writeReplacing : writeExclusive
  write(files.keyFile, contents.privateKeyPem.reveal(), KEY_MODE)
  try {
    write(files.requestFile, contents.requestPem, PUBLIC_MODE)
  } catch (error) {
    if (!force) rmSync(files.keyFile, {force: true})
    throw error
  }
}
