import {inputError} from '../sni-error.js'
import {nameSource} from '../display-text.js'
import {containsPem, splitPemBlocks} from './pem-blocks.js'
import {isPrivateKeyLabel} from './private-key.js'
import type {DecodedInput} from './decode-input.js'
import type {InputSource} from './types.js'

function keyInCaFile(name: string) {
  return inputError(
    `--ca ${name} holds a private key; --ca takes CA certificates only, and the key is not used or sent.`,
    'CA_FILE_HOLDS_KEY',
    'Give the certificate of the root or intermediate CA (BEGIN CERTIFICATE) with --ca; the private key of your certificate is the KEY argument.',
  )
}

/**
 * Refuses a `--ca` file that holds a private key before it is decoded (so an encrypted key never
 * asks for a passphrase): the user mixed up the arguments, and a key is no trust anchor.
 */
export function refuseKeyInCaSource(source: InputSource): void {
  if (!containsPem(source.data)) return
  const name = nameSource(source.label)
  const {blocks} = splitPemBlocks(source.data, name)
  if (blocks.some((block) => isPrivateKeyLabel(block.label))) throw keyInCaFile(name)
}

/** After decoding (DER, PKCS#12): a key, or no certificate at all, is refused the same way. */
export function checkDecodedCaInput(decoded: DecodedInput, label: string): void {
  const name = nameSource(label)
  if (decoded.privateKeys.length > 0) throw keyInCaFile(name)
  if (decoded.certificates.length === 0) {
    throw inputError(
      `--ca ${name} holds no certificate.`,
      'CA_FILE_EMPTY',
      'Give the certificate of the root or intermediate CA (BEGIN CERTIFICATE) with --ca.',
    )
  }
}
