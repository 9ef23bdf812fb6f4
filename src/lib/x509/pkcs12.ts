import {createPrivateKey} from 'node:crypto'
import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'

import forge from 'node-forge'

import {inputError} from '../sni-error.js'
import {parseCertificateDer} from './parse-certificate.js'
import {describePrivateKey, keyEncryptedError, passphraseWrongError} from './private-key.js'
import type {ParsedCertificate, ParsedPrivateKey, PassphraseProvider} from './types.js'
import {fromDer} from './asn1.js'
import {checkPkcs12Iterations, KdfBudget} from './kdf-limits.js'
import {openPkcs12, type Pkcs12Bag, type Pkcs12OpenResult} from './pkcs12-open.js'
import type {Pkcs12WorkerInput} from './pkcs12-worker.js'

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
    const isPfx =
      version?.type === forge.asn1.Type.INTEGER &&
      version.value === '\u0003' &&
      oid?.type === forge.asn1.Type.OID &&
      forge.asn1.derToOid(oid.value as string) === OID_DATA
    return isPfx ? pfx : undefined
  } catch {
    return undefined
  }
}

/**
 * Key derivation done on the main thread: about a tenth of a second of forge's JavaScript. Bundles
 * from the usual exporters (OpenSSL 2,048 iterations, Java 10,000) stay well within it; anything
 * heavier is opened in a worker thread, so Ctrl-C is handled at once.
 */
const INLINE_ITERATIONS = 30_000

/** A `new Worker(..., {eval: true})` script: in a TypeScript run (tsx, tests) the worker registers tsx first. */
function workerBootstrap(): string {
  const typescript = import.meta.url.endsWith('.ts')
  const entry = new URL(`./pkcs12-worker.${typescript ? 'ts' : 'js'}`, import.meta.url).href
  const tsx = typescript ? pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href : undefined
  const register = tsx ? `(await import(${JSON.stringify(tsx)})).register();` : ''
  return `(async () => { ${register} await import(${JSON.stringify(entry)}) })()`
}

/** Opens the bundle in a worker thread (pkcs12-worker.ts); a worker that dies without answering means an unreadable bundle. */
async function openInWorker(der: Buffer, password: string, name: string): Promise<Pkcs12OpenResult> {
  const {Worker} = await import('node:worker_threads')
  const input: Pkcs12WorkerInput = {der, name, password}
  return new Promise<Pkcs12OpenResult>((resolve) => {
    // The worker prints nothing; its output streams are drained so that nothing it might print reaches ours.
    const worker = new Worker(workerBootstrap(), {eval: true, stderr: true, stdout: true, workerData: input})
    worker.stdout.resume()
    worker.stderr.resume()
    worker.once('message', (result: Pkcs12OpenResult) => {
      resolve(result)
      void worker.terminate()
    })
    worker.once('error', () => resolve({kind: 'malformed', ok: false}))
    worker.once('exit', () => resolve({kind: 'malformed', ok: false}))
  })
}

/** Inline when the work is small (declared and found), else in a worker thread. */
async function openPfx(
  der: Buffer,
  password: string,
  name: string,
  declaredIterations: number,
): Promise<Pkcs12OpenResult> {
  if (declaredIterations <= INLINE_ITERATIONS) {
    const inline = openPkcs12(der, password, new KdfBudget(name, BUNDLE, {inlineLimit: INLINE_ITERATIONS}))
    if (inline.ok || inline.kind !== 'heavy') return inline
  }

  return openInWorker(der, password, name)
}

function malformed(name: string) {
  return inputError(
    `${name}: ${BUNDLE} is malformed or uses an unsupported algorithm`,
    'PKCS12_MALFORMED',
    'Export it again, or convert it to PEM with openssl pkcs12 -nodes.',
  )
}

/** A refusal: over a key-derivation limit (its own message), a wrong password, or unreadable. */
function failure(result: Exclude<Pkcs12OpenResult, {ok: true}>, name: string) {
  if (result.kind === 'limit') return inputError(result.message, 'KDF_ITERATIONS_TOO_HIGH', result.hint, result.details)
  return result.kind === 'password' ? passphraseWrongError(name, BUNDLE) : malformed(name)
}

/**
 * Opens the bundle with an empty password first (unprotected bundles), then asks for the passphrase.
 * The iteration counts it declares are checked first, so an oversized one is refused before anything
 * is derived and before a passphrase is asked for.
 */
async function openWithPassphrase(
  pfx: forge.asn1.Asn1,
  der: Buffer,
  name: string,
  passphrase: PassphraseProvider,
): Promise<Pkcs12Bag[]> {
  const declared = checkPkcs12Iterations(pfx, name)
  const unprotected = await openPfx(der, '', name, declared)
  if (unprotected.ok) return unprotected.bags
  if (unprotected.kind !== 'password') throw failure(unprotected, name)

  const secret = await passphrase(name)
  if (secret === undefined) throw keyEncryptedError(name, BUNDLE)
  const opened = await openPfx(der, secret, name, declared)
  if (!opened.ok) throw failure(opened, name)
  return opened.bags
}

/**
 * Decodes a PKCS#12 (PFX) bundle already recognised by `readPfx`: certificates in bundle order and
 * private keys, normalised like PEM inputs.
 */
export async function decodePkcs12(
  pfx: forge.asn1.Asn1,
  name: string,
  passphrase: PassphraseProvider,
): Promise<Pkcs12Contents> {
  const der = Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary')
  const bags = await openWithPassphrase(pfx, der, name, passphrase)
  const certificates: ParsedCertificate[] = []
  const privateKeys: ParsedPrivateKey[] = []
  const {oids} = forge.pki
  for (const bag of bags) {
    const bagDer = Buffer.from(bag.der)
    if (bag.type === oids.certBag) {
      certificates.push(parseCertificateDer(bagDer, name, certificates.length))
    } else if (bag.type === oids.keyBag || bag.type === oids.pkcs8ShroudedKeyBag) {
      try {
        privateKeys.push(
          describePrivateKey(createPrivateKey({format: 'der', key: bagDer, type: 'pkcs8'}), 'pkcs12', name),
        )
      } catch {
        throw inputError(
          `${name}: the private key in ${BUNDLE} cannot be parsed`,
          'KEY_UNPARSABLE',
          'Export the bundle again, or convert it to PEM with openssl pkcs12 -nodes.',
        )
      }
    }
  }

  return {certificates, privateKeys}
}
