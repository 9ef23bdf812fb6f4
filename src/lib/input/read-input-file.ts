import type {InputSource} from '../x509/types.js'
import {readCappedStream} from './read-capped-stream.js'
import {type ReadLimits, readRegularFile} from './read-regular-file.js'

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
export async function readInputFile(path: string, kind: InputKind, stdin: NodeJS.ReadableStream = process.stdin): Promise<InputSource> {
  const limits = INPUT_LIMITS[kind]
  const data = path === '-' ? await readCappedStream(stdin, {...limits, what: limits.what.replace(/ file$/, '')}, 'from stdin') : await readRegularFile(path, limits)
  return {data, label: path}
}
