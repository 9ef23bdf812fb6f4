import {checkSize, type ReadLimits} from './read-regular-file.js'

/**
 * Reads a stream (stdin) to its end, failing as soon as more than `cap` bytes have arrived, so an
 * endless producer (`cat /dev/zero | sni ...`) is cut off instead of filling memory.
 */
export async function readCappedStream(stream: NodeJS.ReadableStream, limits: ReadLimits, name: string): Promise<Buffer> {
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
