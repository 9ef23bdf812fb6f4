import {inputError} from '../sni-error.js'
import {type Asn1, asn1, fromDer} from './asn1.js'

/**
 * Key-derivation work allowed to open one input: the defaults of .NET's PKCS#12 loader
 * (Pkcs12LoaderLimits: 300,000 per derivation, 1,000,000 in total). Exporters use far less
 * (OpenSSL 2,048, Java 10,000), and a file with millions of iterations would keep the CPU busy for
 * minutes, so it is refused before anything is derived.
 */
export const KDF_ITERATION_LIMIT = 300_000
export const KDF_TOTAL_ITERATION_LIMIT = 1_000_000

const PBES2 = '1.2.840.113549.1.5.13'
const PBKDF2 = '1.2.840.113549.1.5.12'
const SCRYPT = '1.3.6.1.4.1.11591.4.11'
/** PKCS#12 PBE (pbeWithSHAAnd128BitRC4 … pbewithSHAAnd40BitRC2-CBC) and PKCS#5 PBES1 (pbeWithMD2AndDES-CBC …). */
const PKCS12_PBE = /^1\.2\.840\.113549\.1\.12\.1\.[1-6]$/
const PBES1 = /^1\.2\.840\.113549\.1\.5\.(1|3|4|6|10|11)$/
const OID_DATA = '1.2.840.113549.1.7.1'
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6'
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2'
const OID_SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6'
const MAX_NESTING = 4

function children(node: Asn1 | undefined): Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as Asn1[]) : []
}

function oidOf(node: Asn1 | undefined): string | undefined {
  return node?.type === asn1.Type.OID && typeof node.value === 'string' ? asn1.derToOid(node.value) : undefined
}

/** An INTEGER's value; Infinity when too large to matter, undefined when it is not an INTEGER. */
function integerOf(node: Asn1 | undefined): number | undefined {
  if (node?.type !== asn1.Type.INTEGER || typeof node.value !== 'string' || node.value === '') return undefined
  const value = Number.parseInt(Buffer.from(node.value, 'binary').toString('hex'), 16)
  return Number.isSafeInteger(value) ? value : Number.POSITIVE_INFINITY
}

/** The bytes of an OCTET STRING, primitive or (BER) constructed from chunks. */
function octetsOf(node: Asn1 | undefined): string | undefined {
  if (node?.type !== asn1.Type.OCTETSTRING) return undefined
  if (typeof node.value === 'string') return node.value
  const chunks = children(node).map((chunk) => octetsOf(chunk))
  return chunks.every((c) => c !== undefined) ? chunks.join('') : undefined
}

/**
 * The iteration count a password-based encryption algorithm asks for (`oid` and its parameters): the
 * PBKDF2 count of PBES2, scrypt's cost N, or the count of PKCS#12 PBE and PBES1. Undefined for other
 * algorithms (no password derivation, or one the decryption would refuse anyway).
 */
export function kdfIterations(oid: string, params: Asn1 | undefined): number | undefined {
  if (PKCS12_PBE.test(oid) || PBES1.test(oid)) return integerOf(children(params)[1]) ?? 1
  if (oid !== PBES2) return undefined
  const [kdf] = children(params)
  const [kdfOid, kdfParams] = children(kdf)
  const kdfName = oidOf(kdfOid)
  if (kdfName === PBKDF2) return integerOf(children(kdfParams)[1])
  if (kdfName === SCRYPT) return integerOf(children(kdfParams)[1])
  return undefined
}

/** An AlgorithmIdentifier's iteration count, if it names password-based encryption. */
function algorithmIterations(algorithm: Asn1 | undefined): number | undefined {
  const [oid, params] = children(algorithm)
  const name = oidOf(oid)
  return name === undefined ? undefined : kdfIterations(name, params)
}

/** Thrown by a budget with an `inlineLimit` when the work outgrows it: the caller moves the work to a worker thread. */
export class InlineKdfLimitReached extends Error {
  constructor() {
    super('more key derivation than is done on the main thread')
    this.name = 'InlineKdfLimitReached'
  }
}

/**
 * Charges key derivations against the limits; the first one over a limit throws KDF_ITERATIONS_TOO_HIGH
 * (exit 3), naming the count and the limit, before it is derived. With `inlineLimit`, work beyond it
 * (but within the limits) throws InlineKdfLimitReached instead.
 */
export class KdfBudget {
  readonly #name: string
  readonly #what: string
  readonly #inlineLimit: number
  #total = 0

  /** `name`: the input's display name; `what`: `the PKCS#12 bundle`, `the private key`. */
  constructor(name: string, what: string, options: {inlineLimit?: number} = {}) {
    this.#name = name
    this.#what = what
    this.#inlineLimit = options.inlineLimit ?? Number.POSITIVE_INFINITY
  }

  /** Iterations charged so far. */
  get total(): number {
    return this.#total
  }

  charge(part: string, iterations: number): void {
    const count = Number.isFinite(iterations) ? iterations.toLocaleString('en-US') : 'more than 2^53'
    if (iterations > KDF_ITERATION_LIMIT) {
      throw inputError(
        `${this.#name}: ${part} of ${this.#what} uses ${count} key-derivation iterations; sni allows at most ${KDF_ITERATION_LIMIT.toLocaleString('en-US')}, so nothing was decrypted`,
        'KDF_ITERATIONS_TOO_HIGH',
        'Export it again with a usual iteration count, e.g. openssl pkcs12 -export -iter 2048 or openssl pkcs8 -topk8 -iter 2048 (the defaults).',
        {iterations: Number.isFinite(iterations) ? iterations : null, limit: KDF_ITERATION_LIMIT},
      )
    }

    this.#total += iterations
    if (this.#total > KDF_TOTAL_ITERATION_LIMIT) {
      throw inputError(
        `${this.#name}: ${this.#what} needs ${this.#total.toLocaleString('en-US')} key-derivation iterations in total; sni allows at most ${KDF_TOTAL_ITERATION_LIMIT.toLocaleString('en-US')}, so nothing was decrypted`,
        'KDF_ITERATIONS_TOO_HIGH',
        'Export it again with a usual iteration count (e.g. openssl pkcs12 -export -iter 2048), or with fewer encrypted parts.',
        {iterations: this.#total, limit: KDF_TOTAL_ITERATION_LIMIT},
      )
    }

    if (this.#total > this.#inlineLimit) throw new InlineKdfLimitReached()
  }
}

/** An EncryptedPrivateKeyInfo (PEM `ENCRYPTED PRIVATE KEY`): its count, checked before the passphrase is asked for. */
export function checkEncryptedKeyIterations(der: Buffer, name: string): void {
  let info: Asn1
  try {
    info = fromDer(der.toString('binary'), {parseAllBytes: true, strict: true})
  } catch {
    return // not readable here: OpenSSL refuses it as unparsable, without deriving anything
  }

  const iterations = algorithmIterations(children(info)[0])
  if (iterations !== undefined) new KdfBudget(name, 'the private key').charge('the encryption', iterations)
}

function walkSafeContents(der: string, budget: KdfBudget, depth: number): void {
  if (depth > MAX_NESTING) return
  let bags: Asn1
  try {
    bags = fromDer(der, {parseAllBytes: true, strict: false})
  } catch {
    return // forge rejects it as malformed before deriving anything for it
  }

  for (const bag of children(bags)) {
    const [bagId, wrapped] = children(bag)
    const value = children(wrapped)[0]
    const type = oidOf(bagId)
    if (type === OID_SHROUDED_KEY_BAG) {
      const iterations = algorithmIterations(children(value)[0])
      if (iterations !== undefined) budget.charge('the encrypted private key', iterations)
    } else if (type === OID_SAFE_CONTENTS_BAG && value) {
      walkSafeContents(asn1.toDer(value).getBytes(), budget, depth + 1)
    }
  }
}

/**
 * Checks every key derivation a PKCS#12 bundle declares where it can be read without a password (the
 * MAC, each encrypted part, each shrouded key outside encrypted parts) before anything is derived,
 * and returns their total. What is inside encrypted parts is checked as it is decrypted (pkcs12-open.ts).
 */
export function checkPkcs12Iterations(pfx: Asn1, name: string): number {
  const budget = new KdfBudget(name, 'the PKCS#12 bundle')
  const [, authSafe, macData] = children(pfx)
  if (macData) budget.charge('the integrity check (MAC)', integerOf(children(macData)[2]) ?? 1)
  const authSafeBytes = octetsOf(children(children(authSafe)[1])[0])
  if (authSafeBytes === undefined) return budget.total
  let contents: Asn1
  try {
    contents = fromDer(authSafeBytes, {parseAllBytes: true, strict: false})
  } catch {
    return budget.total
  }

  for (const info of children(contents)) {
    const [type, content] = children(info)
    const inner = children(content)[0]
    if (oidOf(type) === OID_DATA) {
      const bytes = octetsOf(inner)
      if (bytes !== undefined) walkSafeContents(bytes, budget, 0)
    } else if (oidOf(type) === OID_ENCRYPTED_DATA) {
      const iterations = algorithmIterations(children(children(inner)[1])[1])
      if (iterations !== undefined) budget.charge('an encrypted part', iterations)
    }
  }

  return budget.total
}
