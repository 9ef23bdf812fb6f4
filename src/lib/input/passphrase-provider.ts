import type {PassphraseProvider} from '../x509/types.js'
import {readCappedStream, readRegularFile} from './read-input-file.js'

export interface PassphraseOptions {
  /** `--passphrase-file`: its first line is the passphrase; `-` reads it from stdin. */
  passphraseFile?: string
  /** Where `-` reads from; default process.stdin. */
  stdin?: NodeJS.ReadableStream
  env: NodeJS.ProcessEnv
  /** A masked prompt; the command layer passes one only when stdin is a TTY. */
  prompt?: (message: string) => Promise<string>
}

const PASSPHRASE_FILE_LIMITS = {cap: 4096, what: 'passphrase file'}

async function readPassphraseFile(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  // `-`: the answer to "use - to read from stdin" that the refusal of a pipe such as /dev/stdin gives.
  const data =
    path === '-'
      ? await readCappedStream(stdin, {...PASSPHRASE_FILE_LIMITS, what: 'passphrase'}, 'from stdin')
      : await readRegularFile(path, PASSPHRASE_FILE_LIMITS)
  const text = data.toString('utf8')
  return text.split(/\r?\n/, 1)[0] ?? ''
}

/**
 * Finds the passphrase for encrypted keys and PKCS#12 bundles, in order: the passphrase file,
 * SNI_KEY_PASSPHRASE, the prompt; undefined when none is available. Nothing is read or asked until
 * an encrypted input needs it (`source` is its display name, for the prompt), and then only once
 * per run: every later call gets the same answer.
 */
export function createPassphraseProvider(options: PassphraseOptions): PassphraseProvider {
  let answer: Promise<string | undefined> | undefined
  const find = async (source: string): Promise<string | undefined> => {
    if (options.passphraseFile !== undefined)
      return readPassphraseFile(options.passphraseFile, options.stdin ?? process.stdin)
    const fromEnv = options.env.SNI_KEY_PASSPHRASE
    if (fromEnv) return fromEnv
    if (options.prompt) return options.prompt(`Passphrase for ${source}:`)
    return undefined
  }

  return (source: string) => {
    answer ??= find(source)
    return answer
  }
}
