import forge from 'node-forge'

import {SniError} from '../sni-error.js'
import {fromDer} from './asn1.js'
import {InlineKdfLimitReached, type KdfBudget, kdfIterations} from './kdf-limits.js'

/** One safe bag as its type OID and DER: what the caller turns into a certificate or a key. */
export interface Pkcs12Bag {
  type: string
  der: Uint8Array
}

export type Pkcs12OpenResult =
  | {ok: true; bags: Pkcs12Bag[]}
  /** `heavy`: the budget's inline limit was reached; open it again in a worker thread. */
  | {ok: false; kind: 'heavy' | 'malformed' | 'password'}
  /** Over a key-derivation limit: the SniError's fields (it cannot cross a worker boundary as such). */
  | {ok: false; kind: 'limit'; message: string; hint?: string; details?: Record<string, unknown>}

interface ForgeBag {
  type: string
  asn1?: forge.asn1.Asn1
}

/** What forge decrypts every encrypted part through; @types/node-forge does not declare it. */
interface ForgePbe {
  getCipher: (oid: string, params: forge.asn1.Asn1, password: string) => unknown
  getCipherForPBES2: (oid: string, params: forge.asn1.Asn1, password: string) => unknown
}

function isPasswordFailure(error: unknown): boolean {
  return error instanceof Error && /MAC could not be verified|decrypt|password/i.test(error.message)
}

/**
 * Verifies the MAC of a PKCS#12 bundle and decrypts it with forge, charging every key derivation (the
 * MAC's and each encrypted part's, nested ones included) to `budget` before it runs; a budget error
 * stops it. forge's X.509 and key layers are RSA-only, so while this runs (synchronously) they are made
 * to fail: forge then keeps every certificate and key as raw ASN.1, which node:crypto reads for every
 * key type. forge is left as it was afterwards.
 *
 * Passwords beyond ASCII: PKCS#12's own key derivation (the MAC, and the legacy 3DES/RC2 PBEs)
 * takes the password as a BMPString, UTF-16BE, which forge builds from the JavaScript string as
 * OpenSSL builds it from UTF-8. PBES2 (PBKDF2 with AES, OpenSSL 3's default) takes bytes, and
 * OpenSSL gives it the UTF-8 bytes, but forge would take each UTF-16 code unit as one byte (so
 * `ä` became 0xE4 instead of 0xC3 0xA4 and the bundle "did not decrypt"). PBES2 gets UTF-8 here.
 */
export function openPkcs12(der: Uint8Array, password: string, budget: KdfBudget): Pkcs12OpenResult {
  const {pki} = forge
  const pbe = (pki as unknown as {pbe: ForgePbe}).pbe
  const saved = {
    certificateFromAsn1: pki.certificateFromAsn1,
    generateKey: forge.pkcs12.generateKey,
    getCipher: pbe.getCipher,
    getCipherForPBES2: pbe.getCipherForPBES2,
    privateKeyFromAsn1: pki.privateKeyFromAsn1,
  }
  const keepRaw = (): never => {
    throw new Error('keep raw ASN.1')
  }

  pki.certificateFromAsn1 = keepRaw
  pki.privateKeyFromAsn1 = keepRaw
  pbe.getCipher = (oid, params, secret) => {
    const iterations = kdfIterations(oid, params)
    if (iterations !== undefined) budget.charge('an encrypted part', iterations)
    return saved.getCipher(oid, params, secret)
  }

  // forge's getCipher reaches PBES2 through pki.pbe.getCipherForPBES2, so the UTF-8 encoding applies inside it.
  pbe.getCipherForPBES2 = (oid, params, secret) => saved.getCipherForPBES2(oid, params, forge.util.encodeUtf8(secret))

  forge.pkcs12.generateKey = (secret, salt, id, iterations, n, md) => {
    budget.charge('the integrity check (MAC)', iterations)
    return saved.generateKey(secret, salt, id, iterations, n, md)
  }

  let bags: ForgeBag[]
  try {
    const pfx = fromDer(Buffer.from(der).toString('binary'), {parseAllBytes: true, strict: true})
    bags = forge.pkcs12
      .pkcs12FromAsn1(pfx, true, password)
      .safeContents.flatMap((contents) => contents.safeBags as ForgeBag[])
  } catch (error) {
    if (error instanceof SniError)
      return {details: error.details, hint: error.hint, kind: 'limit', message: error.message, ok: false}
    if (error instanceof InlineKdfLimitReached) return {kind: 'heavy', ok: false}
    return {kind: isPasswordFailure(error) ? 'password' : 'malformed', ok: false}
  } finally {
    pki.certificateFromAsn1 = saved.certificateFromAsn1
    pki.privateKeyFromAsn1 = saved.privateKeyFromAsn1
    pbe.getCipher = saved.getCipher
    pbe.getCipherForPBES2 = saved.getCipherForPBES2
    forge.pkcs12.generateKey = saved.generateKey
  }

  const out: Pkcs12Bag[] = []
  for (const bag of bags) {
    if (!bag.asn1) return {kind: 'malformed', ok: false}
    out.push({der: Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary'), type: bag.type})
  }

  return {bags: out, ok: true}
}
