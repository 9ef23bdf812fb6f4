import {constants, type Stats} from 'node:fs'
import {open, stat} from 'node:fs/promises'

import {inputError, SniError} from '../sni-error.js'
import {formatByteSize} from './byte-size.js'
import {describeFileError} from './file-error.js'
import {nameSource} from './source-name.js'

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
    throw inputError(`${limits.what} ${name} is ${describeFileType(stats)}, not a regular file`, 'NOT_A_REGULAR_FILE', 'Give the path of a file; use - to read from stdin.')
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

  if (size === 0) throw inputError(`${limits.what} ${name} is empty`, 'FILE_EMPTY', 'Check that you gave the right file.')
}

/**
 * Reads a regular file of at most `cap` bytes. The path is stat'ed before anything is opened, so
 * directories, FIFOs and devices (`/dev/zero`) fail at once, and an oversized file fails from its
 * size. The file is opened non-blocking and checked again through the descriptor, so a file swapped
 * for a FIFO in between cannot block us, and at most cap + 1 bytes are ever read.
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const name = nameSource(path)
  try {
    checkStats(await stat(path), limits, name)
  } catch (error) {
    throw error instanceof SniError ? error : describeFileError(error, limits.what, name)
  }

  let handle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw describeFileError(error, limits.what, name)
  }

  try {
    checkStats(await handle.stat(), limits, name)
    const buffer = Buffer.alloc(limits.cap + 1)
    let length = 0
    while (length < buffer.length) {
      const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }

    checkSize(length, limits, name) // the file may have changed since stat
    return Buffer.from(buffer.subarray(0, length))
  } catch (error) {
    throw error instanceof SniError ? error : describeFileError(error, limits.what, name)
  } finally {
    await handle.close()
  }
}
