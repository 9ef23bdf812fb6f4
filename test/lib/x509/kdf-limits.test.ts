import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import forge from 'node-forge'

import {decodeInput} from '../../../src/lib/x509/decode-input.js'
import {KDF_ITERATION_LIMIT, KDF_TOTAL_ITERATION_LIMIT, KdfBudget} from '../../../src/lib/x509/kdf-limits.js'
import {openPkcs12} from '../../../src/lib/x509/pkcs12-open.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixture, fixturePassphrase, readFixture, writePkcs12} from '../../helpers/fixtures.js'

const PBKDF2 = '1.2.840.113549.1.5.12'

function integer(value: number): forge.asn1.Asn1 {
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, forge.util.hexToBytes(hex))
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as forge.asn1.Asn1[]) : []
}

/** Sets every PBKDF2 iteration count below `node` (descending into OCTET STRINGs that hold DER) to `count`. */
function setPbkdf2Counts(node: forge.asn1.Asn1, count: number): void {
  const [first, second] = children(node)
  if (first?.type === forge.asn1.Type.OID && forge.asn1.derToOid(first.value as string) === PBKDF2 && second) {
    children(second)[1] = integer(count)
  }

  for (const child of children(node)) setPbkdf2Counts(child, count)
  if (node.type === forge.asn1.Type.OCTETSTRING && typeof node.value === 'string') {
    try {
      const inner = forge.asn1.fromDer(node.value, true)
      setPbkdf2Counts(inner, count)
      node.value = forge.asn1.toDer(inner).getBytes()
    } catch {
      // not DER (encrypted bytes)
    }
  }
}

/** An OpenSSL PKCS#12 bundle with every iteration count (MAC and PBKDF2) changed to `count`; its MAC no longer verifies, which does not matter: nothing must be derived. */
function pkcs12WithIterations(count: number): Buffer {
  const pfx = forge.asn1.fromDer(readFixture('leaf-rsa2048.p12').toString('binary'), true)
  setPbkdf2Counts(pfx, count)
  const macData = children(pfx)[2] as forge.asn1.Asn1
  ;(macData.value as forge.asn1.Asn1[])[2] = integer(count)
  return Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary')
}

function encryptedKeyWithIterations(count: number): Buffer {
  const pem = readFixture('key-rsa-pkcs8-encrypted.pem').toString()
  const info = forge.asn1.fromDer(forge.pem.decode(pem)[0]?.body ?? '', true)
  setPbkdf2Counts(info, count)
  return Buffer.from(forge.pem.encode({body: forge.asn1.toDer(info).getBytes(), type: 'ENCRYPTED PRIVATE KEY'}))
}

async function refusal(data: Buffer, label: string): Promise<{error: SniError; ms: number; asked: number}> {
  let asked = 0
  const started = performance.now()
  try {
    await decodeInput({data, label}, async () => {
      asked++
      return fixturePassphrase
    })
  } catch (error) {
    assert.ok(error instanceof SniError, String(error))
    return {asked, error, ms: performance.now() - started}
  }

  assert.fail(`${label} was decoded`)
}

describe('key-derivation limits (PBKDF2, PKCS#12)', function () {
  this.timeout(60_000)

  it('refuses a 10,000,000-iteration PKCS#12 bundle in well under 2 s, before asking for the passphrase (exit 3)', async () => {
    const {asked, error, ms} = await refusal(pkcs12WithIterations(10_000_000), 'huge.p12')
    assert.equal(error.code, 'KDF_ITERATIONS_TOO_HIGH')
    assert.equal(error.exit, 3)
    assert.match(
      error.message,
      /^huge\.p12: the integrity check \(MAC\) of the PKCS#12 bundle uses 10,000,000 key-derivation iterations; sni allows at most 300,000/,
    )
    assert.deepEqual(error.details, {iterations: 10_000_000, limit: KDF_ITERATION_LIMIT})
    assert.equal(asked, 0)
    assert.ok(ms < 2000, `took ${ms} ms`)
  })

  it('refuses a 10,000,000-iteration encrypted PKCS#8 key in well under 2 s, before asking for the passphrase', async () => {
    const {asked, error, ms} = await refusal(encryptedKeyWithIterations(10_000_000), 'huge.key')
    assert.equal(error.code, 'KDF_ITERATIONS_TOO_HIGH')
    assert.match(
      error.message,
      /^huge\.key: the encryption of the private key uses 10,000,000 key-derivation iterations; sni allows at most 300,000, so nothing was decrypted$/,
    )
    assert.equal(asked, 0)
    assert.ok(ms < 2000, `took ${ms} ms`)
  })

  it('accepts counts up to the limit (a key encrypted with 300,000 PBKDF2 iterations)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sni-kdf-'))
    try {
      const out = join(dir, 'key.pem')
      execFileSync('openssl', [
        'pkcs8',
        '-topk8',
        '-in',
        fixture('leaf-rsa2048.key'),
        '-out',
        out,
        '-passout',
        `pass:${fixturePassphrase}`,
        '-iter',
        String(KDF_ITERATION_LIMIT),
        '-v2',
        'aes-256-cbc',
      ])
      const decoded = await decodeInput({data: readFileSync(out), label: 'key.pem'}, async () => fixturePassphrase)
      assert.equal(decoded.privateKeys.length, 1)
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('opens a heavier bundle (100,000 iterations) in a worker thread: the event loop keeps running meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sni-kdf-'))
    try {
      const out = join(dir, 'heavy.p12')
      writePkcs12(out, 100_000, {chain: 'leaf-rsa2048.crt', key: 'leaf-rsa2048.key'})
      let ticks = 0
      let longestGap = 0
      let last = performance.now()
      const timer = setInterval(() => {
        const now = performance.now()
        longestGap = Math.max(longestGap, now - last)
        last = now
        ticks++
      }, 20)
      const started = performance.now()
      let decoded
      try {
        decoded = await decodeInput({data: readFileSync(out), label: 'heavy.p12'}, async () => fixturePassphrase)
      } finally {
        clearInterval(timer)
      }

      const took = performance.now() - started
      assert.equal(decoded.certificates.length, 1)
      assert.equal(decoded.privateKeys.length, 1)
      // Deriving 100,000 iterations several times in forge takes seconds; the main thread stayed free.
      assert.ok(ticks >= took / 100, `${ticks} timer ticks in ${Math.round(took)} ms`)
      assert.ok(
        longestGap < took / 2,
        `the event loop stalled for ${Math.round(longestGap)} ms of ${Math.round(took)} ms`,
      )
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('charges every derivation forge makes, the MAC and each encrypted part, before it runs', () => {
    const der = readFixture('leaf-rsa2048.p12')
    const budget = new KdfBudget('leaf-rsa2048.p12', 'the PKCS#12 bundle')
    const opened = openPkcs12(der, fixturePassphrase, budget)
    assert.ok(opened.ok)
    // OpenSSL's defaults: 2,048 for the MAC, the encrypted certificates and the shrouded key.
    assert.equal(budget.total, 3 * 2048)
    const tight = openPkcs12(
      der,
      fixturePassphrase,
      new KdfBudget('leaf-rsa2048.p12', 'the PKCS#12 bundle', {inlineLimit: 4096}),
    )
    assert.deepEqual(tight, {kind: 'heavy', ok: false})
  })

  it('limits the total over all derivations of one input', () => {
    const budget = new KdfBudget('x.p12', 'the PKCS#12 bundle')
    for (let i = 0; i < 3; i++) budget.charge('an encrypted part', KDF_ITERATION_LIMIT)
    assert.throws(
      () => budget.charge('an encrypted part', KDF_TOTAL_ITERATION_LIMIT - 3 * KDF_ITERATION_LIMIT + 1),
      (error: SniError) =>
        error.code === 'KDF_ITERATIONS_TOO_HIGH' &&
        /needs 1,000,001 key-derivation iterations in total; sni allows at most 1,000,000/.test(error.message),
    )
  })
})
