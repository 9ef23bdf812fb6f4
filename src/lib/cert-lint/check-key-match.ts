import {formatKeyType} from '../x509/public-key-info.js'
import type {Finding, ParsedCertificate, ParsedPrivateKey} from '../x509/types.js'

/**
 * The private key must be the certificate's key. Comparing SPKI SHA-256 works for every key type
 * and shows the user only fingerprints, never key material.
 */
export function checkKeyMatch(leaf: ParsedCertificate, key: ParsedPrivateKey): Finding[] {
  const certKey = leaf.summary.publicKey
  if (certKey.spkiSha256 === key.info.spkiSha256) return []
  const kinds =
    certKey.type === key.info.type
      ? ''
      : `; the certificate has an ${formatKeyType(certKey)} key, the private key is ${formatKeyType(key.info)}`
  return [
    {
      code: 'KEY_MISMATCH',
      hint: `Give the private key that was generated with the certificate signing request for ${leaf.source}.`,
      message: `${key.source}: the private key does not match the certificate ${leaf.source} (certificate key SHA-256 ${certKey.spkiSha256}, private key SHA-256 ${key.info.spkiSha256}${kinds}).`,
      severity: 'error',
    },
  ]
}
