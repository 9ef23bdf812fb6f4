import {nameSource} from '../display-text.js'
import {inputError} from '../sni-error.js'
import {type DecodedInput, decodeInput, isCertificateLabel} from './decode-input.js'
import {containsPem, splitPemBlocks} from './pem-blocks.js'
import {isPrivateKeyLabel} from './private-key.js'
import type {Finding, InputSource, ParsedCertificate, ParsedPrivateKey, PassphraseProvider} from './types.js'

/** The certificates (file order) and private key of a CRT [KEY] pair, roles checked. */
export interface CertificateInput {
  certificates: ParsedCertificate[]
  /** Undefined when neither input holds a key (allowed for commands such as certs:inspect). */
  key?: ParsedPrivateKey
  findings: Finding[]
}

export interface CertificateInputSources {
  certificate: InputSource
  key?: InputSource
  passphrase: PassphraseProvider
  /** The running command's synopsis for messages about swapped arguments; default `certs:add CRT KEY`. */
  usage?: string
}

/** A chain with more certificates than this is a mistake (a whole CA bundle); platforms cap it lower still. */
export const MAX_CERTIFICATES = 10
const DEFAULT_USAGE = 'certs:add CRT KEY'

/** Explains an input that holds only a CSR or a public key; returns quietly otherwise. */
function rejectRequestOrPublicKey(decoded: DecodedInput, name: string): void {
  if (decoded.csrCount > 0) {
    throw inputError(
      `${name} is a certificate signing request; submit it to your certificate authority and use the certificate it returns`,
      'CSR_GIVEN',
      'A CSR is what you send to a CA; the CA sends back the certificate to install.',
    )
  }

  if (decoded.publicKeyCount > 0) {
    throw inputError(
      `${name} holds a public key; give the private key`,
      'PUBLIC_KEY_GIVEN',
      'Use the private key file generated together with the CSR (BEGIN PRIVATE KEY).',
    )
  }
}

function rejectExtraKeys(decoded: DecodedInput, name: string): void {
  if (decoded.privateKeys.length > 1) {
    throw inputError(
      `expected 1 private key in ${name}, found ${decoded.privateKeys.length}`,
      'TOO_MANY_KEYS',
      'Keep only the private key that belongs to the certificate.',
    )
  }
}

/** CSRs and public keys next to the real content are harmless but are said to be ignored. */
function noteIgnored(decoded: DecodedInput, name: string, alsoCertificates: boolean): Finding[] {
  const parts: string[] = []
  const count = (n: number, one: string, many: string) => (n > 0 ? [`${n} ${n === 1 ? one : many}`] : [])
  parts.push(
    ...count(decoded.csrCount, 'certificate signing request', 'certificate signing requests'),
    ...count(decoded.publicKeyCount, 'public key', 'public keys'),
  )
  if (alsoCertificates) parts.push(...count(decoded.certificates.length, 'certificate', 'certificates'))
  if (parts.length === 0) return []
  return [
    {
      code: 'INPUT_BLOCKS_IGNORED',
      hint: 'Remove them from the file to silence this warning.',
      message: `${name}: ignored ${parts.join(' and ')}`,
      severity: 'warning',
    },
  ]
}

function swappedKeyError(name: string, usage: string) {
  return inputError(
    `CRT (${name}) looks like a private key; usage: ${usage}`,
    'ARGUMENTS_SWAPPED',
    'Give the certificate first and the private key second.',
  )
}

/** A PEM CRT holding keys but no certificate is reported before an encrypted key there asks for a passphrase. */
function rejectKeyOnlyPem(source: InputSource, name: string, usage: string): void {
  if (!containsPem(source.data)) return
  const labels = splitPemBlocks(source.data, name).blocks.map((b) => b.label)
  if (labels.some((l) => isPrivateKeyLabel(l)) && !labels.some((l) => isCertificateLabel(l)))
    throw swappedKeyError(name, usage)
}

function checkCertificateFile(decoded: DecodedInput, name: string, usage: string): void {
  if (decoded.certificates.length === 0) {
    if (decoded.privateKeys.length > 0) throw swappedKeyError(name, usage)

    rejectRequestOrPublicKey(decoded, name)
    throw inputError(
      `no PEM certificate found in ${name}`,
      'NO_CERTIFICATE',
      'Give the certificate your CA issued (BEGIN CERTIFICATE), in PEM, DER or PKCS#12 form.',
    )
  }

  if (decoded.certificates.length > MAX_CERTIFICATES) {
    throw inputError(
      `${name} holds ${decoded.certificates.length} certificates; at most ${MAX_CERTIFICATES} are accepted`,
      'TOO_MANY_CERTIFICATES',
      'Give the server certificate and its intermediates only, not a whole CA bundle.',
    )
  }

  rejectExtraKeys(decoded, name)
}

function checkKeyFile(decoded: DecodedInput, name: string, usage: string): ParsedPrivateKey {
  const [key] = decoded.privateKeys
  if (!key) {
    if (decoded.certificates.length > 0) {
      throw inputError(
        `KEY (${name}) looks like a certificate, not a private key; usage: ${usage}`,
        'ARGUMENTS_SWAPPED',
        'Give the certificate first and the private key second.',
      )
    }

    rejectRequestOrPublicKey(decoded, name)
    throw inputError(
      `no private key found in ${name}`,
      'NO_PRIVATE_KEY',
      'Give the private key generated with the CSR (BEGIN PRIVATE KEY or BEGIN RSA/EC PRIVATE KEY).',
    )
  }

  rejectExtraKeys(decoded, name)
  return key
}

/**
 * Reads a CRT and optional KEY input and checks what each holds. A certificate file may carry its
 * own key (PEM chain with key, PKCS#12): the key is split off into `key` and never stays among the
 * certificates; a separate KEY must then be the same key.
 */
export async function loadCertificateInput(input: CertificateInputSources): Promise<CertificateInput> {
  const certName = nameSource(input.certificate.label)
  const usage = input.usage ?? DEFAULT_USAGE
  rejectKeyOnlyPem(input.certificate, certName, usage)
  const certDecoded = await decodeInput(input.certificate, input.passphrase)
  checkCertificateFile(certDecoded, certName, usage)
  const findings = [...certDecoded.findings, ...noteIgnored(certDecoded, certName, false)]
  let key = certDecoded.privateKeys[0]
  if (input.key) {
    const keyName = nameSource(input.key.label)
    const keyDecoded = await decodeInput(input.key, input.passphrase)
    const separateKey = checkKeyFile(keyDecoded, keyName, usage)
    findings.push(...keyDecoded.findings, ...noteIgnored(keyDecoded, keyName, true))
    if (key && !key.keyObject.equals(separateKey.keyObject)) {
      throw inputError(
        `${certName} contains a private key that differs from KEY (${keyName})`,
        'KEY_CONFLICT',
        `Remove the private key from ${certName}, or give only one of the two keys (key SHA-256 ${key.info.spkiSha256} vs ${separateKey.info.spkiSha256}).`,
      )
    }

    key = separateKey
  }

  return {certificates: certDecoded.certificates, findings, ...(key ? {key} : {})}
}
