import assert from 'node:assert/strict'
import {createPrivateKey, X509Certificate} from 'node:crypto'

import {splitPemBlocks} from '../../../src/lib/x509/pem-blocks.js'
import {
  decodePrivateKeyBlock,
  decodePrivateKeyDer,
  isPrivateKeyLabel,
  privateKeyFormatOf,
} from '../../../src/lib/x509/private-key.js'
import {describePublicKey} from '../../../src/lib/x509/public-key-info.js'
import type {PrivateKeyFormat} from '../../../src/lib/x509/types.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixturePassphrase, readFixture} from '../../helpers/fixtures.js'

function keyBlock(file: string) {
  const {blocks} = splitPemBlocks(readFixture(file), file)
  const block = blocks.find((b) => isPrivateKeyLabel(b.label))
  assert.ok(block)
  return block
}

function certificateSpki(file: string): string {
  return describePublicKey(new X509Certificate(readFixture(file)).publicKey).spkiSha256
}

async function decode(file: string, passphrase: string | undefined) {
  let asked = 0
  const key = await decodePrivateKeyBlock(keyBlock(file), file, async () => {
    asked++
    return passphrase
  })
  return {asked, key}
}

describe('decodePrivateKeyBlock', () => {
  const encodings: Array<{file: string; format: PrivateKeyFormat; cert: string; type: string; encrypted: boolean}> = [
    {cert: 'leaf-rsa2048.crt', encrypted: false, file: 'key-rsa-pkcs1.pem', format: 'pkcs1', type: 'rsa'},
    {cert: 'leaf-rsa2048.crt', encrypted: false, file: 'key-rsa-pkcs8.pem', format: 'pkcs8', type: 'rsa'},
    {
      cert: 'leaf-rsa2048.crt',
      encrypted: true,
      file: 'key-rsa-pkcs8-encrypted.pem',
      format: 'encrypted-pkcs8',
      type: 'rsa',
    },
    {
      cert: 'leaf-rsa2048.crt',
      encrypted: true,
      file: 'key-rsa-legacy-encrypted.pem',
      format: 'legacy-encrypted',
      type: 'rsa',
    },
    {cert: 'leaf-ecdsa-p256.crt', encrypted: false, file: 'key-ec-pkcs8.pem', format: 'pkcs8', type: 'ecdsa'},
    {cert: 'leaf-ecdsa-p256.crt', encrypted: false, file: 'key-ec-sec1.pem', format: 'sec1', type: 'ecdsa'},
    {cert: 'leaf-ecdsa-p256.crt', encrypted: false, file: 'key-ec-sec1-params.pem', format: 'sec1', type: 'ecdsa'},
    {
      cert: 'leaf-ecdsa-p256.crt',
      encrypted: true,
      file: 'key-ec-pkcs8-encrypted.pem',
      format: 'encrypted-pkcs8',
      type: 'ecdsa',
    },
    {
      cert: 'leaf-ecdsa-p256.crt',
      encrypted: true,
      file: 'key-ec-legacy-encrypted.pem',
      format: 'legacy-encrypted',
      type: 'ecdsa',
    },
    {cert: 'leaf-rsa4096.crt', encrypted: false, file: 'leaf-rsa4096.key', format: 'pkcs8', type: 'rsa'},
    {cert: 'leaf-ecdsa-p384.crt', encrypted: false, file: 'leaf-ecdsa-p384.key', format: 'pkcs8', type: 'ecdsa'},
    {cert: 'leaf-ed25519.crt', encrypted: false, file: 'leaf-ed25519.key', format: 'pkcs8', type: 'ed25519'},
  ]

  for (const c of encodings) {
    describe(c.file, () => {
      it('decodes with the passphrase to unencrypted PKCS#8 matching its certificate', async () => {
        const {asked, key} = await decode(c.file, fixturePassphrase)
        assert.equal(key.format, c.format)
        assert.equal(key.info.type, c.type)
        assert.equal(key.info.spkiSha256, certificateSpki(c.cert))
        assert.equal(key.source, c.file)
        assert.equal(asked, c.encrypted ? 1 : 0, 'asks for a passphrase only for encrypted keys')
        const pem = key.pem.reveal()
        assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/)
        assert.ok(createPrivateKey(pem).equals(key.keyObject))
      })

      if (c.encrypted) {
        it('without a passphrase: KEY_ENCRYPTED, naming the file and the ways to give one', async () => {
          await assert.rejects(decode(c.file, undefined), (error: unknown) => {
            assert.ok(error instanceof SniError)
            assert.equal(error.code, 'KEY_ENCRYPTED')
            assert.equal(error.exit, 3)
            assert.equal(
              error.message,
              `${c.file}: the private key is encrypted; give its passphrase with --passphrase-file FILE or SNI_KEY_PASSPHRASE`,
            )
            return true
          })
        })

        it('with a wrong passphrase: KEY_PASSPHRASE_WRONG, never echoing it', async () => {
          await assert.rejects(decode(c.file, 'hunter2-wrong'), (error: unknown) => {
            assert.ok(error instanceof SniError)
            assert.equal(error.code, 'KEY_PASSPHRASE_WRONG')
            assert.ok(!JSON.stringify({...error, message: error.message}).includes('hunter2'))
            return true
          })
        })
      }
    })
  }

  it('reports an unencrypted key whose DER is damaged as KEY_UNPARSABLE', async () => {
    const block = keyBlock('key-rsa-pkcs8.pem')
    const damaged = {...block, der: block.der.subarray(0, 100)}
    await assert.rejects(
      decodePrivateKeyBlock(damaged, 'k.pem', async () => undefined),
      (error: unknown) => {
        assert.ok(error instanceof SniError)
        assert.equal(error.code, 'KEY_UNPARSABLE')
        assert.equal(error.message, 'k.pem: the private key in block 1 (PRIVATE KEY) cannot be parsed')
        return true
      },
    )
  })
})

describe('privateKeyFormatOf', () => {
  const cases: Array<[string, Record<string, string>, PrivateKeyFormat]> = [
    ['PRIVATE KEY', {}, 'pkcs8'],
    ['RSA PRIVATE KEY', {}, 'pkcs1'],
    ['EC PRIVATE KEY', {}, 'sec1'],
    ['ENCRYPTED PRIVATE KEY', {}, 'encrypted-pkcs8'],
    ['RSA PRIVATE KEY', {'Proc-Type': '4,ENCRYPTED'}, 'legacy-encrypted'],
    ['EC PRIVATE KEY', {'Proc-Type': '4, encrypted'}, 'legacy-encrypted'],
  ]
  for (const [label, headers, format] of cases) {
    it(`${label} ${JSON.stringify(headers)} is ${format}`, () => {
      assert.equal(privateKeyFormatOf({der: Buffer.alloc(0), headers, label, line: 1, number: 1}), format)
    })
  }
})

describe('decodePrivateKeyDer', () => {
  const cases: Array<[string, PrivateKeyFormat]> = [
    ['key-rsa-pkcs8.pem', 'pkcs8'],
    ['key-rsa-pkcs1.pem', 'pkcs1'],
    ['key-ec-sec1.pem', 'sec1'],
    ['leaf-ed25519.key', 'pkcs8'],
  ]
  for (const [file, format] of cases) {
    it(`decodes the DER of ${file} as ${format}`, () => {
      const key = decodePrivateKeyDer(keyBlock(file).der, 'k.der')
      assert.equal(key?.format, format)
    })
  }

  it('returns undefined for a certificate', () => {
    assert.equal(decodePrivateKeyDer(readFixture('leaf-rsa2048.der'), 'c.der'), undefined)
  })
})
