import {closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs'

import type {InputSource} from '../x509/types.js'
import {inputError, SniError, usageError} from '../sni-error.js'
import {nameSource} from '../display-text.js'

export type InputKind = 'ca' | 'certificate' | 'key'

/** Size caps, checked before any parsing. A key is a few KiB; a long chain is well under 1 MiB. */
export const INPUT_LIMITS: Record<InputKind, ReadLimits> = {
  ca: {cap: 1024 * 1024, what: 'CA file'},
  certificate: {cap: 1024 * 1024, what: 'certificate file'},
  key: {cap: 16 * 1024, what: 'key file'},
}

/**
 * Reads a certificate, key or CA input: `-` reads `stdin` (process.stdin by default), anything
 * else must be a regular file within the cap for its kind.
 */
export async function readInputFile(
  path: string,
  kind: InputKind,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<InputSource> {
  const limits = INPUT_LIMITS[kind]
  const data =
    path === '-'
      ? await readCappedStream(stdin, {...limits, what: limits.what.replace(/ file$/, '')}, 'from stdin')
      : await readRegularFile(path, limits)
  return {data, label: path}
}

export interface ReadLimits {
  /** Names the input in messages: `certificate file`, `passphrase file`. */
  what: string
  /** Largest accepted size in bytes. */
  cap: number
}

function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a named pipe'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

function checkStats(stats: Stats, limits: ReadLimits, name: string): void {
  if (!stats.isFile()) {
    throw inputError(
      `${limits.what} ${name} is ${describeFileType(stats)}, not a regular file`,
      'NOT_A_REGULAR_FILE',
      'Give the path of a file; use - to read from stdin.',
    )
  }

  checkSize(stats.size, limits, name)
}

/** Rejects an input over its cap, naming both sizes. */
export function checkSize(size: number, limits: ReadLimits, name: string): void {
  if (size > limits.cap) {
    throw inputError(
      `${limits.what} ${name} is ${formatByteSize(size)}, over the ${formatByteSize(limits.cap)} cap`,
      'FILE_TOO_LARGE',
      'Check that you gave the right file; certificates and keys are a few kilobytes.',
      {cap: limits.cap, size},
    )
  }

  if (size === 0)
    throw inputError(`${limits.what} ${name} is empty`, 'FILE_EMPTY', 'Check that you gave the right file.')
}

/**
 * Reads a regular file of at most `cap` bytes. The path is stat'ed before anything is opened, so
 * directories, FIFOs and devices (`/dev/zero`) fail at once, and an oversized file fails from its
 * size. The file is opened non-blocking and checked again through the descriptor, so a file swapped
 * for a FIFO in between cannot block us, and at most cap + 1 bytes are ever read.
 *
 * Synchronous on purpose: a local file of a few kilobytes is read in microseconds, while each of
 * the six asynchronous calls waited a thread-pool round trip (`certs:inspect --each` reads a file
 * per argument). The buffer is sized from the stat, plus one byte to see growth, and only grows
 * towards cap + 1 if the file grew, so a 2 KiB certificate no longer zero-fills 1 MiB.
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const name = nameSource(path)
  try {
    checkStats(statSync(path), limits, name)
  } catch (error) {
    throw error instanceof SniError ? error : describeFileError(error, limits.what, name)
  }

  let fd
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw describeFileError(error, limits.what, name)
  }

  try {
    const stats = fstatSync(fd)
    checkStats(stats, limits, name)
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, limits.cap) + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        if (length > limits.cap) break
        const grown = Buffer.allocUnsafe(Math.min(length * 2, limits.cap + 1))
        buffer.copy(grown, 0, 0, length)
        buffer = grown
      }

      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }

    checkSize(length, limits, name) // the file may have changed since stat
    return Buffer.from(buffer.subarray(0, length))
  } catch (error) {
    throw error instanceof SniError ? error : describeFileError(error, limits.what, name)
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads a stream (stdin) to its end, failing as soon as more than `cap` bytes have arrived, so an
 * endless producer (`cat /dev/zero | sni ...`) is cut off instead of filling memory.
 */
export async function readCappedStream(
  stream: NodeJS.ReadableStream,
  limits: ReadLimits,
  name: string,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)
    length += bytes.length
    // leaving the loop early destroys the stream, which stops the producer
    if (length > limits.cap) checkSize(length, limits, name)
    chunks.push(bytes)
  }

  checkSize(length, limits, name)
  return Buffer.concat(chunks, length)
}

const KIB = 1024
const MIB = 1024 * 1024

/**
 * `512 B`, `16 KiB`, `1.5 MiB`: sizes in messages, in the binary units our caps use. A size that
 * would round to the cap itself (16 KiB + 1 byte) is shown in bytes, so it never reads as equal.
 */
export function formatByteSize(bytes: number): string {
  const [unit, size] = bytes < MIB ? ['KiB', KIB] : ['MiB', MIB]
  const value = bytes / size
  if (bytes < KIB) return `${bytes} B`
  if (Number.isInteger(value)) return `${value} ${unit}`
  const rounded = value.toFixed(1)
  return rounded.endsWith('.0') ? `${bytes} B` : `${rounded} ${unit}`
}

/**
 * Turns a failed stat/open/read into our error. `what` names the input (`certificate file`);
 * `name` is the display name of the path. The system message is not passed on: it adds nothing
 * a user needs and the codes below cover the cases that happen.
 */
export function describeFileError(error: unknown, what: string, name: string): SniError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR': {
      return inputError(
        `${what} not found: ${name}`,
        'FILE_NOT_FOUND',
        'Check the path; it is relative to the current directory.',
      )
    }

    case 'EACCES':
    case 'EPERM': {
      return inputError(
        `cannot read ${name}: permission denied`,
        'FILE_UNREADABLE',
        'Check the file permissions, or run as a user who can read it.',
      )
    }

    default: {
      return inputError(
        `cannot read ${what} ${name}${code ? ` (${code})` : ''}`,
        'FILE_UNREADABLE',
        'Check that the path names a readable regular file.',
      )
    }
  }
}

/**
 * stdin can be read once. When several inputs are `-` (`certs:add - -`, a CRT from stdin with
 * `--passphrase-file -`), the second would read nothing and fail with a misleading "empty" error;
 * this refuses the command line instead, naming the inputs that compete for stdin (exit 2).
 * `inputs` pairs each input's name as the user wrote it (`CRT`, `--passphrase-file`) with its value.
 */
export function assertOneStdinReader(inputs: Array<[name: string, value: string | string[] | undefined]>): void {
  const readers = inputs.flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((v) => v === '-').map(() => name),
  )
  if (readers.length < 2) return
  throw usageError(
    `${readers.join(' and ')} are ${readers.length === 2 ? 'both' : 'all'} - (stdin), but stdin can be read only once.`,
    'STDIN_CONFLICT',
    `Read at most one input from stdin; give the other${readers.length > 2 ? 's' : ''} as a file path.`,
  )
}
