import {decodeInput} from '../x509/decode-input.js'
import {formatPemBlock} from '../x509/pem-blocks.js'
import type {CertificateSummary, Finding, ParsedCertificate, PassphraseProvider} from '../x509/types.js'
import {buildChain} from '../chain/build-chain.js'
import {readInputFile} from './read-input-file.js'
import {inputError} from '../sni-error.js'

export interface NormalizedChain {
  /** Leaf first, each issuer after it; the root only when asked for. */
  certificates: CertificateSummary[]
  pem: string
  /** What was changed or noticed: reordering, duplicates and root dropped, keys left out, errors. */
  findings: Finding[]
}

/**
 * `certs:chain`: gathers the certificates of every file (any order, any encoding), orders them from
 * the leaf up by issuer and signature, drops duplicates and the root (unless includeRoot), and
 * returns normalised PEM. Private keys found in the files are never part of the output.
 */
export async function normalizeChainFiles(
  paths: string[],
  options: {includeRoot: boolean; passphrase: PassphraseProvider},
): Promise<NormalizedChain> {
  const certificates: ParsedCertificate[] = []
  const findings: Finding[] = []
  for (const path of paths) {
    const decoded = await decodeInput(await readInputFile(path, 'certificate'), options.passphrase)
    certificates.push(...decoded.certificates)
    findings.push(...decoded.findings)
    if (decoded.privateKeys.length > 0) {
      findings.push({
        code: 'KEY_LEFT_OUT',
        message: `${path} holds a private key; it was left out of the chain.`,
        severity: 'warning',
      })
    }
  }

  if (certificates.length === 0) {
    throw inputError(
      `no certificate found in ${paths.join(', ')}.`,
      'NO_CERTIFICATE',
      'Give the files that hold the leaf certificate and its intermediates.',
    )
  }

  const built = buildChain(certificates)
  // with includeRoot the root stays, so buildChain's "root left out" finding would be false
  findings.push(...built.findings.filter((f) => !(options.includeRoot && f.code === 'CHAIN_ROOT_DROPPED')))
  const ordered = built.root && options.includeRoot ? [...built.chain, built.root] : built.chain
  return {
    certificates: ordered.map((c) => c.summary),
    findings,
    pem: ordered.map((c) => formatPemBlock('CERTIFICATE', c.der)).join(''),
  }
}
