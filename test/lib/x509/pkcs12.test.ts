import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import forge from 'node-forge'

import {decodePkcs12, readPfx} from '../../../src/lib/x509/pkcs12.js'
import {describePublicKey} from '../../../src/lib/x509/public-key-info.js'
import {parseCertificateDer} from '../../../src/lib/x509/parse-certificate.js'
import {splitPemBlocks} from '../../../src/lib/x509/pem-blocks.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixture, fixturePassphrase, readFixture} from '../../helpers/fixtures.js'

function certificateDer(file: string): Buffer {
  return splitPemBlocks(readFixture(file), file).blocks[0]!.der
}

function pfxOf(file: string) {
  const pfx = readPfx(readFixture(file))
  assert.ok(pfx, `${file} is a PFX`)
  return pfx
}

describe('decodePkcs12', () => {
  const bundles: Array<{file: string; leaf: string; chain: string[]; keyType: string; encrypted: boolean}> = [
    {
      chain: ['intermediate-ca.crt'],
      encrypted: true,
      file: 'leaf-rsa2048.p12',
      keyType: 'rsa',
      leaf: 'leaf-rsa2048.crt',
    },
    {
      chain: ['intermediate-ca.crt'],
      encrypted: true,
      file: 'leaf-rsa2048-legacy.p12',
      keyType: 'rsa',
      leaf: 'leaf-rsa2048.crt',
    },
    {
      chain: ['intermediate-ca.crt'],
      encrypted: true,
      file: 'leaf-ecdsa-p256.p12',
      keyType: 'ecdsa',
      leaf: 'leaf-ecdsa-p256.crt',
    },
    {chain: [], encrypted: false, file: 'leaf-ecdsa-p256-nopass.p12', keyType: 'ecdsa', leaf: 'leaf-ecdsa-p256.crt'},
  ]

  for (const b of bundles) {
    describe(b.file, () => {
      before(function () {
        // OpenSSL builds without the legacy provider cannot write the -legacy bundle
        if (!existsSync(fixture(b.file))) this.skip()
      })

      it('yields the exact certificate DER in bundle order and the matching key', async () => {
        let asked = 0
        const contents = await decodePkcs12(pfxOf(b.file), b.file, async () => {
          asked++
          return fixturePassphrase
        })
        assert.equal(asked, b.encrypted ? 1 : 0)
        assert.deepEqual(
          contents.certificates.map((c) => c.der),
          [b.leaf, ...b.chain].map((f) => certificateDer(f)),
        )
        assert.deepEqual(
          contents.certificates.map((c) => [c.source, c.index]),
          [b.leaf, ...b.chain].map((_, i) => [b.file, i]),
        )
        assert.equal(contents.privateKeys.length, 1)
        const [key] = contents.privateKeys
        assert.equal(key!.format, 'pkcs12')
        assert.equal(key!.info.type, b.keyType)
        assert.equal(key!.info.spkiSha256, describePublicKey(contents.certificates[0]!.x509.publicKey).spkiSha256)
        assert.match(key!.pem.reveal(), /^-----BEGIN PRIVATE KEY-----\n/)
      })

      if (b.encrypted) {
        it('without a passphrase: KEY_ENCRYPTED naming the bundle', async () => {
          await assert.rejects(
            decodePkcs12(pfxOf(b.file), b.file, async () => undefined),
            (error: unknown) => {
              assert.ok(error instanceof SniError)
              assert.equal(error.code, 'KEY_ENCRYPTED')
              assert.equal(
                error.message,
                `${b.file}: the PKCS#12 bundle is encrypted; give its passphrase with --passphrase-file FILE or SNI_KEY_PASSPHRASE`,
              )
              return true
            },
          )
        })

        it('with a wrong passphrase: KEY_PASSPHRASE_WRONG', async () => {
          await assert.rejects(
            decodePkcs12(pfxOf(b.file), b.file, async () => 'not it'),
            (error: unknown) => {
              assert.ok(error instanceof SniError)
              assert.equal(error.code, 'KEY_PASSPHRASE_WRONG')
              assert.equal(error.message, `${b.file}: the passphrase does not decrypt the PKCS#12 bundle`)
              return true
            },
          )
        })
      }
    })
  }

  it('leaves forge usable afterwards, also after a failure', async () => {
    await assert.rejects(decodePkcs12(pfxOf('leaf-rsa2048.p12'), 'x.p12', async () => 'wrong'))
    await decodePkcs12(pfxOf('leaf-rsa2048.p12'), 'x.p12', async () => fixturePassphrase)
    const cert = forge.pki.certificateFromPem(readFixture('leaf-rsa2048.crt').toString())
    assert.equal(cert.subject.getField('CN').value, 'www.example.com')
  })

  it('agrees with parseCertificateDer on the leaf', async () => {
    const {certificates} = await decodePkcs12(pfxOf('leaf-rsa2048.p12'), 'x.p12', async () => fixturePassphrase)
    assert.deepEqual(
      certificates[0]!.summary,
      parseCertificateDer(certificateDer('leaf-rsa2048.crt'), 'x.p12', 0).summary,
    )
  })
})

describe('readPfx', () => {
  const cases: Array<[string, boolean]> = [
    ['leaf-rsa2048.p12', true],
    ['leaf-ecdsa-p256-nopass.p12', true],
    ['leaf-rsa2048.der', false],
    ['random.bin', false],
  ]
  for (const [file, expected] of cases) {
    it(`${expected ? 'recognises' : 'does not recognise'} ${file}`, () => {
      assert.equal(readPfx(readFixture(file)) !== undefined, expected)
    })
  }

  it('does not recognise a PFX with trailing bytes', () => {
    assert.equal(readPfx(Buffer.concat([readFixture('leaf-rsa2048.p12'), Buffer.from([0])])), undefined)
  })
})

describe('decodePkcs12 with a passphrase beyond ASCII', () => {
  // What `openssl pkcs12 -export` writes with such a passphrase: OpenSSL 3's default (PBES2: PBKDF2
  // and AES, fed the UTF-8 bytes) and -legacy (PKCS#12's own KDF, fed a BMPString). Both must open.
  const passphrase = 'pässwörd-€😀'
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-p12-utf8-'))
  })
  after(() => rmSync(dir, {force: true, recursive: true}))

  for (const legacy of [false, true]) {
    it(`opens a bundle from openssl pkcs12 -export${legacy ? ' -legacy' : ''}, and still refuses a wrong passphrase`, async function () {
      const out = join(dir, legacy ? 'legacy.p12' : 'default.p12')
      const made = spawnSync('openssl', [
        'pkcs12',
        '-export',
        ...(legacy ? ['-legacy'] : []),
        '-in',
        fixture('leaf-rsa2048.crt'),
        '-inkey',
        fixture('leaf-rsa2048.key'),
        '-out',
        out,
        '-passout',
        `pass:${passphrase}`,
      ])
      if (made.status !== 0 && legacy) this.skip() // no legacy provider in this OpenSSL
      assert.equal(made.status, 0, made.stderr.toString())
      const pfx = readPfx(readFileSync(out))
      assert.ok(pfx)
      const contents = await decodePkcs12(pfx, out, async () => passphrase)
      assert.deepEqual(contents.certificates[0]?.der, certificateDer('leaf-rsa2048.crt'))
      assert.equal(contents.privateKeys.length, 1)
      await assert.rejects(
        decodePkcs12(pfx, out, async () => 'passwörd'),
        (error: unknown) => error instanceof SniError && error.code === 'KEY_PASSPHRASE_WRONG',
      )
    })
  }
})
