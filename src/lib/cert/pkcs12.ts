import {createPrivateKey} from 'node:crypto'

import forge from 'node-forge'

import {inputError} from '../sni-error.js'
import {parseCertificateDer} from './parse-certificate.js'
import {describePrivateKey, keyEncryptedError, passphraseWrongError} from './private-key.js'
import type {ParsedCertificate, ParsedPrivateKey, PassphraseProvider} from './types.js'
import {fromDer} from './asn1.js'

export interface Pkcs12Contents {
  certificates: ParsedCertificate[]
  privateKeys: ParsedPrivateKey[]
}

const OID_DATA = '1.2.840.113549.1.7.1'
const BUNDLE = 'the PKCS#12 bundle'

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as forge.asn1.Asn1[]) : []
}

/** Parses the outer PFX structure (RFC 7292: version 3, then a ContentInfo of type data); undefined when it is not one. */
export function readPfx(der: Buffer): forge.asn1.Asn1 | undefined {
  try {
    const pfx = fromDer(der.toString('binary'), {parseAllBytes: true, strict: true})
    const [version, authSafe] = children(pfx)
    const oid = children(authSafe)[0]
    const isPfx = version?.type === forge.asn1.Type.INTEGER && version.value === '\u0003' && oid?.type === forge.asn1.Type.OID && forge.asn1.derToOid(oid.value as string) === OID_DATA
    return isPfx ? pfx : undefined
  } catch {
    return undefined
  }
}

interface Bag {
  type: string
  asn1?: forge.asn1.Asn1
}

/** forge's PBES2 entry point (not in its type declarations). */
interface Pbe {
  getCipherForPBES2(oid: string, params: forge.asn1.Asn1, password: string): unknown
}

/**
 * Verifies the MAC and decrypts the bundle with forge. forge's X.509 and key layers are RSA-only, so
 * while it runs (synchronously) they are made to fail: forge then keeps every certificate and key
 * as raw ASN.1 (`bag.asn1`), which node:crypto reads for every key type.
 *
 * Passwords beyond ASCII: PKCS#12's own key derivation (the MAC, and the legacy 3DES/RC2 PBEs)
 * takes the password as a BMPString, UTF-16BE, which forge builds from the JavaScript string as
 * OpenSSL builds it from UTF-8. PBES2 (PBKDF2 with AES, OpenSSL 3's default) takes bytes, and
 * OpenSSL gives it the UTF-8 bytes, but forge would take each UTF-16 code unit as one byte (so
 * `ä` became 0xE4 instead of 0xC3 0xA4 and the bundle "did not decrypt"). PBES2 gets UTF-8 here.
 */
function openPfx(pfx: forge.asn1.Asn1, password: string): Bag[] {
  const {pki} = forge
  const {certificateFromAsn1, privateKeyFromAsn1} = pki
  const pbe = (pki as unknown as {pbe: Pbe}).pbe
  const {getCipherForPBES2} = pbe
  const keepRaw = (): never => {
    throw new Error('keep raw ASN.1')
  }

  pki.certificateFromAsn1 = keepRaw
  pki.privateKeyFromAsn1 = keepRaw
  pbe.getCipherForPBES2 = (oid, params, pass) => getCipherForPBES2(oid, params, forge.util.encodeUtf8(pass))
  try {
    const p12 = forge.pkcs12.pkcs12FromAsn1(pfx, true, password)
    return p12.safeContents.flatMap((contents) => contents.safeBags as Bag[])
  } finally {
    pki.certificateFromAsn1 = certificateFromAsn1
    pki.privateKeyFromAsn1 = privateKeyFromAsn1
    pbe.getCipherForPBES2 = getCipherForPBES2
  }
}

function isPasswordFailure(error: unknown): boolean {
  return error instanceof Error && /MAC could not be verified|decrypt|password/i.test(error.message)
}

function malformed(name: string) {
  return inputError(`${name}: ${BUNDLE} is malformed or uses an unsupported algorithm`, 'PKCS12_MALFORMED', 'Export it again, or convert it to PEM with openssl pkcs12 -nodes.')
}

/** Opens the bundle with an empty password first (unprotected bundles), then asks for the passphrase. */
async function openWithPassphrase(pfx: forge.asn1.Asn1, name: string, passphrase: PassphraseProvider): Promise<Bag[]> {
  try {
    return openPfx(pfx, '')
  } catch (error) {
    if (!isPasswordFailure(error)) throw malformed(name)
  }

  const secret = await passphrase(name)
  if (secret === undefined) throw keyEncryptedError(name, BUNDLE)
  try {
    return openPfx(pfx, secret)
  } catch (error) {
    throw isPasswordFailure(error) ? passphraseWrongError(name, BUNDLE) : malformed(name)
  }
}

/**
 * Decodes a PKCS#12 (PFX) bundle already recognised by `readPfx`: certificates in bundle order and
 * private keys, normalised like PEM inputs.
 */
export async function decodePkcs12(pfx: forge.asn1.Asn1, name: string, passphrase: PassphraseProvider): Promise<Pkcs12Contents> {
  const bags = await openWithPassphrase(pfx, name, passphrase)
  const certificates: ParsedCertificate[] = []
  const privateKeys: ParsedPrivateKey[] = []
  const {oids} = forge.pki
  for (const bag of bags) {
    if (!bag.asn1) throw malformed(name)
    const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary')
    if (bag.type === oids.certBag) {
      certificates.push(parseCertificateDer(der, name, certificates.length))
    } else if (bag.type === oids.keyBag || bag.type === oids.pkcs8ShroudedKeyBag) {
      try {
        privateKeys.push(describePrivateKey(createPrivateKey({format: 'der', key: der, type: 'pkcs8'}), 'pkcs12', name))
      } catch {
        throw inputError(`${name}: the private key in ${BUNDLE} cannot be parsed`, 'KEY_UNPARSABLE', 'Export the bundle again, or convert it to PEM with openssl pkcs12 -nodes.')
      }
    }
  }

  return {certificates, privateKeys}
}
