import {createPrivateKey, type KeyObject} from 'node:crypto'

import {inputError, type SniError} from '../sni-error.js'
import {checkEncryptedKeyIterations} from './kdf-limits.js'
import {formatPemBlock, type PemBlock} from './pem-blocks.js'
import {describePublicKey} from './public-key-info.js'
import {SecretPem} from './secret-pem.js'
import type {ParsedPrivateKey, PassphraseProvider, PrivateKeyFormat} from './types.js'

/** PEM labels that hold a private key, and the format each one is when not encrypted. */
const KEY_LABELS: Record<string, PrivateKeyFormat> = {
  'DSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'ENCRYPTED PRIVATE KEY': 'encrypted-pkcs8',
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
}

export function isPrivateKeyLabel(label: string): boolean {
  return label in KEY_LABELS
}

/** The format of a private key block; OpenSSL's legacy `Proc-Type: 4,ENCRYPTED` header wins over the label. */
export function privateKeyFormatOf(block: PemBlock): PrivateKeyFormat {
  if (/^4,\s*ENCRYPTED$/i.test(block.headers['Proc-Type'] ?? '')) return 'legacy-encrypted'
  return KEY_LABELS[block.label] ?? 'pkcs8'
}

/** The error for an encrypted key or bundle when no passphrase is available. */
export function keyEncryptedError(name: string, what = 'the private key'): SniError {
  return inputError(
    `${name}: ${what} is encrypted; give its passphrase with --passphrase-file FILE or SNI_KEY_PASSPHRASE`,
    'KEY_ENCRYPTED',
    'The passphrase is used only here to decrypt the key; it is never sent or stored.',
  )
}

export function passphraseWrongError(name: string, what = 'the private key'): SniError {
  return inputError(
    `${name}: the passphrase does not decrypt ${what}`,
    'KEY_PASSPHRASE_WRONG',
    'Check the passphrase file or SNI_KEY_PASSPHRASE; a trailing space counts.',
  )
}

/** Wraps a Node key object in our model: unencrypted PKCS#8 PEM held as a secret, and its public key's description. */
export function describePrivateKey(keyObject: KeyObject, format: PrivateKeyFormat, source: string): ParsedPrivateKey {
  const pem = new SecretPem(keyObject.export({format: 'pem', type: 'pkcs8'}).toString())
  return {format, info: describePublicKey(keyObject), keyObject, pem, source}
}

/**
 * Decodes a PEM private key block with node:crypto (OpenSSL), which reads PKCS#1, PKCS#8, SEC1,
 * encrypted PKCS#8 and the legacy `Proc-Type: 4,ENCRYPTED` form alike. The passphrase is asked for
 * only when the block is encrypted. OpenSSL's error text is never passed on. Decryption runs on the
 * main thread: at most KDF_ITERATION_LIMIT PBKDF2 iterations, a fraction of a second in OpenSSL.
 */
export async function decodePrivateKeyBlock(
  block: PemBlock,
  name: string,
  passphrase: PassphraseProvider,
): Promise<ParsedPrivateKey> {
  const format = privateKeyFormatOf(block)
  const encrypted = format === 'encrypted-pkcs8' || format === 'legacy-encrypted'
  let secret: string | undefined
  if (encrypted) {
    // An oversized iteration count is refused before the passphrase is asked for and anything derived.
    if (format === 'encrypted-pkcs8') checkEncryptedKeyIterations(block.der, name)
    secret = await passphrase(name)
    if (secret === undefined) throw keyEncryptedError(name)
  }

  let keyObject: KeyObject
  try {
    // an empty passphrase for an unencrypted key would be ignored anyway; never pass one we do not need
    keyObject = createPrivateKey({
      format: 'pem',
      key: formatPemBlock(block.label, block.der, block.headers),
      ...(encrypted ? {passphrase: secret} : {}),
    })
  } catch {
    if (encrypted) throw passphraseWrongError(name)
    throw inputError(
      `${name}: the private key in block ${block.number} (${block.label}) cannot be parsed`,
      'KEY_UNPARSABLE',
      'Export the private key again; it may be truncated or edited.',
    )
  }

  return describePrivateKey(keyObject, format, name)
}

/**
 * Decodes an unencrypted DER private key (PKCS#8, then PKCS#1 RSA, then SEC1 EC); undefined when
 * the bytes are none of these.
 */
export function decodePrivateKeyDer(der: Buffer, name: string): ParsedPrivateKey | undefined {
  const types = [
    ['pkcs8', 'pkcs8'],
    ['pkcs1', 'pkcs1'],
    ['sec1', 'sec1'],
  ] as const
  for (const [type, format] of types) {
    try {
      return describePrivateKey(createPrivateKey({format: 'der', key: der, type}), format, name)
    } catch {
      // not this encoding; try the next
    }
  }

  return undefined
}
