import {decodeInput} from '../x509/decode-input.js'
import type {CertificateSummary, PassphraseProvider} from '../x509/types.js'
import {buildChain} from '../chain/build-chain.js'
import {readInputFile} from './read-input-file.js'
import {inputError, toSniError} from '../sni-error.js'

export interface KeyFileCheck {
  file: string
  matches: boolean
  /** Why the file could not be checked (unreadable, not a key, wrong passphrase...). */
  error?: string
}

export interface KeySearchResult {
  certificate: CertificateSummary
  /** The first key file whose key belongs to the certificate, if any. */
  match?: string
  checked: KeyFileCheck[]
}

/**
 * `certs:key`: which of the given files holds the private key of the certificate. Compares public
 * key fingerprints only; no key material leaves this function.
 */
export async function findMatchingKey(
  certificatePath: string,
  keyPaths: string[],
  passphrase: PassphraseProvider,
): Promise<KeySearchResult> {
  const decoded = await decodeInput(await readInputFile(certificatePath, 'certificate'), passphrase)
  if (decoded.certificates.length === 0) {
    throw inputError(
      `no certificate found in ${certificatePath}.`,
      'NO_CERTIFICATE',
      'Give the certificate file first, then the candidate key files.',
    )
  }

  const {leaf} = buildChain(decoded.certificates)
  const wanted = leaf.summary.publicKey.spkiSha256
  const checked: KeyFileCheck[] = []
  for (const file of keyPaths) {
    try {
      const keys = (await decodeInput(await readInputFile(file, 'key'), passphrase)).privateKeys
      checked.push({file, matches: keys.some((k) => k.info.spkiSha256 === wanted)})
    } catch (error) {
      checked.push({error: toSniError(error).message, file, matches: false})
    }
  }

  return {certificate: leaf.summary, checked, match: checked.find((c) => c.matches)?.file}
}
