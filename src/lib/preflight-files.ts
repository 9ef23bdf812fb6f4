import type {X509Certificate} from 'node:crypto'

import {checkDecodedCaInput, refuseKeyInCaSource} from './cert/ca-input.js'
import {decodeInput} from './cert/decode-input.js'
import {loadCertificateInput} from './cert/load-certificate-input.js'
import type {PassphraseProvider} from './cert/types.js'
import {readInputFile} from './input/read-input-file.js'
import {type PreflightResult, runPreflight} from './preflight.js'

export interface PreflightFilesOptions {
  certificatePath: string
  keyPath?: string
  caPaths?: string[]
  passphrase: PassphraseProvider
  now?: Date
  requireKey?: boolean
  strict?: boolean
  /** The running command's synopsis (`certs:inspect CRT [KEY]`), for messages about swapped arguments. */
  usage?: string
}

/** Reads extra trust anchors given with `--ca` (any certificate encoding we read). */
export async function readExtraRoots(paths: string[], passphrase: PassphraseProvider): Promise<X509Certificate[]> {
  const roots: X509Certificate[] = []
  for (const path of paths) {
    const source = await readInputFile(path, 'ca')
    refuseKeyInCaSource(source)
    const decoded = await decodeInput(source, passphrase)
    checkDecodedCaInput(decoded, path)
    roots.push(...decoded.certificates.map((c) => c.x509))
  }

  return roots
}

/**
 * The whole local pre-flight that `certs:add`, `certs:update` and `certs:inspect` share: read the
 * files (regular files or stdin, size-capped), decode them by content, then run every check.
 * Throws SniError (exit 3) for unreadable input; check failures come back as findings.
 */
export async function preflightFiles(options: PreflightFilesOptions): Promise<PreflightResult> {
  const certificate = await readInputFile(options.certificatePath, 'certificate')
  const key = options.keyPath === undefined ? undefined : await readInputFile(options.keyPath, 'key')
  const input = await loadCertificateInput({certificate, key, passphrase: options.passphrase, usage: options.usage})
  const extraRoots = await readExtraRoots(options.caPaths ?? [], options.passphrase)
  return runPreflight({
    certificates: input.certificates,
    extraRoots,
    findings: input.findings,
    key: input.key,
    now: options.now,
    requireKey: options.requireKey,
    strict: options.strict,
  })
}
