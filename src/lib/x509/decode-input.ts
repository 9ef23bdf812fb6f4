import {nameSource, escapeForDisplay} from '../display-text.js'
import {inputError, SniError} from '../sni-error.js'
import {parseCertificateDer} from './parse-certificate.js'
import {containsPem, isUtf16, type PemBlock, splitPemBlocks} from './pem-blocks.js'
import {decodePrivateKeyBlock, decodePrivateKeyDer, isPrivateKeyLabel} from './private-key.js'
import type {Finding, InputSource, ParsedCertificate, ParsedPrivateKey, PassphraseProvider} from './types.js'

/** Everything found in one input, in file order; what each part is for is decided by the caller. */
export interface DecodedInput {
  certificates: ParsedCertificate[]
  privateKeys: ParsedPrivateKey[]
  /** Certificate signing requests and bare public keys are only counted, to explain a wrong input. */
  csrCount: number
  publicKeyCount: number
  findings: Finding[]
}

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE'])
const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'])
const PUBLIC_KEY_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY'])
/** OpenSSL writes the curve before a SEC1 key (`openssl ecparam -genkey`); the key names its curve itself. */
const IGNORED_LABELS = new Set(['EC PARAMETERS'])

export function isCertificateLabel(label: string): boolean {
  return CERTIFICATE_LABELS.has(label)
}

function emptyResult(): DecodedInput {
  return {certificates: [], csrCount: 0, findings: [], privateKeys: [], publicKeyCount: 0}
}

async function decodePem(data: Buffer, name: string, passphrase: PassphraseProvider): Promise<DecodedInput> {
  const {blocks, findings} = splitPemBlocks(data, name)
  const result: DecodedInput = {...emptyResult(), findings}
  for (const block of blocks) await addBlock(result, block, name, passphrase)
  return result
}

async function addBlock(
  result: DecodedInput,
  block: PemBlock,
  name: string,
  passphrase: PassphraseProvider,
): Promise<void> {
  const {label} = block
  if (isCertificateLabel(label))
    result.certificates.push(parseCertificateDer(block.der, name, result.certificates.length))
  else if (isPrivateKeyLabel(label)) result.privateKeys.push(await decodePrivateKeyBlock(block, name, passphrase))
  else if (CSR_LABELS.has(label)) result.csrCount++
  else if (PUBLIC_KEY_LABELS.has(label)) result.publicKeyCount++
  else if (!IGNORED_LABELS.has(label)) {
    throw inputError(
      `${name}: block ${block.number} is a ${escapeForDisplay(label)}, which is neither a certificate nor a private key`,
      'PEM_BLOCK_UNSUPPORTED',
      label === 'OPENSSH PRIVATE KEY'
        ? 'Convert it to PEM with ssh-keygen -p -m PEM -f FILE.'
        : 'Give PEM certificates (BEGIN CERTIFICATE) and a PEM private key (BEGIN PRIVATE KEY).',
    )
  }
}

/** Mostly printable text: no PEM in it, but not binary either (a note, an empty or whitespace file). */
function looksLikeText(data: Buffer): boolean {
  return !data.subarray(0, 4096).some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20))
}

function notRecognised(name: string): SniError {
  return inputError(
    `${name} is not a certificate, private key or PKCS#12 bundle`,
    'INPUT_UNRECOGNISED',
    'Give a PEM or DER certificate, a PEM private key or a PKCS#12 (.p12/.pfx) file.',
  )
}

/** A DER object starts with a constructed SEQUENCE (0x30); certificates, keys and PFX bundles all do. */
async function decodeBinary(data: Buffer, name: string, passphrase: PassphraseProvider): Promise<DecodedInput> {
  if (data[0] !== 0x30) throw notRecognised(name)
  let certificateError: unknown
  try {
    return {...emptyResult(), certificates: [parseCertificateDer(data, name, 0)]}
  } catch (error) {
    certificateError = error
  }

  // node-forge (all of it, ~30 ms) loads only for binary input that is not a DER certificate.
  const {decodePkcs12, readPfx} = await import('./pkcs12.js')
  const pfx = readPfx(data)
  if (pfx) return {...emptyResult(), ...(await decodePkcs12(pfx, name, passphrase))}
  const key = decodePrivateKeyDer(data, name)
  if (key) return {...emptyResult(), privateKeys: [key]}
  // OpenSSL read it as a certificate but our strict reading did not (e.g. trailing bytes): say so
  if (certificateError instanceof SniError && certificateError.code !== 'CERT_UNPARSABLE') throw certificateError
  throw notRecognised(name)
}

/**
 * Decodes one input by its content, never its name: PEM (any number of certificate, key, CSR and
 * public key blocks), a DER certificate, a DER private key, or a PKCS#12 bundle. Throws only
 * SniError (exit 3), whatever the bytes: parser failures of every kind become our errors.
 */
export async function decodeInput(source: InputSource, passphrase: PassphraseProvider): Promise<DecodedInput> {
  const name = nameSource(source.label)
  // errors of the passphrase source (a cancelled prompt, a missing passphrase file) pass through as they are
  const providerErrors = new Set<unknown>()
  const askPassphrase: PassphraseProvider = async (forName) => {
    try {
      return await passphrase(forName)
    } catch (error) {
      providerErrors.add(error)
      throw error
    }
  }

  try {
    const {data} = source
    if (containsPem(data) || isUtf16(data)) return await decodePem(data, name, askPassphrase)
    if (looksLikeText(data)) return {...emptyResult(), ...splitPemBlocks(data, name)}
    return await decodeBinary(data, name, askPassphrase)
  } catch (error) {
    if (error instanceof SniError || providerErrors.has(error)) throw error
    // A parser bug or resource limit (RangeError, stack overflow): still the input's fault, exit 3.
    throw inputError(
      `${name} cannot be decoded`,
      'INPUT_UNDECODABLE',
      'Check that the file is a certificate, private key or PKCS#12 bundle and not damaged.',
    )
  }
}
