import assert from 'node:assert/strict'

import {loadCertificateInput, MAX_CERTIFICATES} from '../../../src/lib/x509/load-certificate-input.js'
import type {InputSource, PassphraseProvider} from '../../../src/lib/x509/types.js'
import {createPassphraseProvider} from '../../../src/lib/input/passphrase-provider.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixturePassphrase, readFixture} from '../../helpers/fixtures.js'

let passphraseAsked = 0
const passphrase: PassphraseProvider = async () => {
  passphraseAsked++
  return fixturePassphrase
}
const source = (file: string): InputSource => ({data: readFixture(file), label: file})
const joined = (label: string, ...files: string[]): InputSource => ({
  data: Buffer.concat(files.map((f) => readFixture(f))),
  label,
})

async function load(certificate: InputSource, key?: InputSource) {
  return loadCertificateInput({certificate, passphrase, ...(key ? {key} : {})})
}

describe('loadCertificateInput', () => {
  const accepted: Array<{
    name: string
    crt: () => InputSource
    key?: () => InputSource
    certificates: string[]
    keyFrom?: string
    keyType?: string
    findings?: string[]
  }> = [
    {
      certificates: ['www.example.com', 'Fixture Intermediate CA'],
      crt: () => source('chain-in-order.pem'),
      key: () => source('key-rsa-pkcs1.pem'),
      keyFrom: 'key-rsa-pkcs1.pem',
      name: 'a chain and a separate key',
    },
    {
      certificates: ['www.example.com'],
      crt: () => source('leaf-rsa2048.crt'),
      name: 'a certificate alone (certs:inspect)',
    },
    {
      certificates: ['www.example.com', 'Fixture Intermediate CA'],
      crt: () => source('chain-with-key.pem'),
      keyFrom: 'chain-with-key.pem',
      keyType: 'rsa',
      name: 'a chain holding its key',
    },
    {
      certificates: ['www.example.com', 'Fixture Intermediate CA'],
      crt: () => source('chain-ecdsa-with-key.pem'),
      key: () => source('key-ec-legacy-encrypted.pem'),
      keyFrom: 'key-ec-legacy-encrypted.pem',
      keyType: 'ecdsa',
      name: 'a chain holding its key and the same key again, encrypted',
    },
    {
      certificates: ['www.example.com', 'Fixture Intermediate CA'],
      crt: () => source('leaf-ecdsa-p256.p12'),
      keyFrom: 'leaf-ecdsa-p256.p12',
      keyType: 'ecdsa',
      name: 'a PKCS#12 bundle',
    },
    {
      certificates: ['www.example.com', 'Fixture Intermediate CA'],
      crt: () => source('bag-attributes.pem'),
      findings: ['TEXT_OUTSIDE_PEM'],
      keyFrom: 'bag-attributes.pem',
      name: 'openssl pkcs12 -nodes output with Bag Attributes',
    },
    {
      certificates: ['www.example.com'],
      crt: () => source('leaf-rsa2048.der'),
      key: () => source('key-rsa-pkcs8-encrypted.pem'),
      keyFrom: 'key-rsa-pkcs8-encrypted.pem',
      name: 'DER certificate and encrypted key',
    },
    {
      certificates: ['www.example.com'],
      crt: () => joined('crt-and-csr.pem', 'leaf-rsa2048.crt', 'request.csr', 'leaf-rsa2048.pub'),
      findings: ['INPUT_BLOCKS_IGNORED'],
      name: 'a certificate next to a CSR and a public key',
    },
    {
      certificates: ['www.example.com'],
      crt: () => source('leaf-rsa2048.crt'),
      findings: ['INPUT_BLOCKS_IGNORED'],
      key: () => joined('key-and-cert.pem', 'key-rsa-pkcs8.pem', 'leaf-rsa2048.crt'),
      keyFrom: 'key-and-cert.pem',
      name: 'a key file that also holds the certificate',
    },
    {
      certificates: Array.from({length: MAX_CERTIFICATES}, () => 'www.example.com'),
      crt: () => joined('ten.pem', ...Array.from({length: MAX_CERTIFICATES}, () => 'leaf-rsa2048.crt')),
      name: `${MAX_CERTIFICATES} certificates`,
    },
  ]

  for (const c of accepted) {
    it(`accepts ${c.name}`, async () => {
      const result = await load(c.crt(), c.key?.())
      assert.deepEqual(
        result.certificates.map((x) => x.summary.commonName),
        c.certificates,
      )
      assert.equal(result.key?.source, c.keyFrom)
      if (c.keyType) assert.equal(result.key?.info.type, c.keyType)
      if (result.key) assert.equal(result.key.info.spkiSha256, result.certificates[0]!.summary.publicKey.spkiSha256)
      assert.deepEqual(
        result.findings.map((f) => f.code),
        c.findings ?? [],
      )
      assert.ok(!('key' in result) || result.key !== undefined, 'no key property when there is no key')
    })
  }

  it('never leaves the embedded key among the certificates or in their JSON', async () => {
    const result = await load(source('chain-with-key.pem'))
    assert.equal(result.certificates.length, 2)
    assert.ok(!JSON.stringify(result).includes('PRIVATE KEY-----'))
  })

  const rejected: Array<{
    name: string
    crt: () => InputSource
    key?: () => InputSource
    code: string
    message: string
  }> = [
    {
      code: 'ARGUMENTS_SWAPPED',
      crt: () => source('key-rsa-pkcs8.pem'),
      key: () => source('leaf-rsa2048.crt'),
      message: 'CRT (key-rsa-pkcs8.pem) looks like a private key; usage: certs:add CRT KEY',
      name: 'swapped arguments',
    },
    {
      code: 'ARGUMENTS_SWAPPED',
      crt: () => source('key-ec-pkcs8-encrypted.pem'),
      key: () => source('leaf-ecdsa-p256.crt'),
      message: 'CRT (key-ec-pkcs8-encrypted.pem) looks like a private key; usage: certs:add CRT KEY',
      name: 'swapped arguments with an encrypted key',
    },
    {
      code: 'ARGUMENTS_SWAPPED',
      crt: () => source('leaf-rsa2048.crt'),
      key: () => source('chain-in-order.pem'),
      message: 'KEY (chain-in-order.pem) looks like a certificate, not a private key; usage: certs:add CRT KEY',
      name: 'a certificate as KEY',
    },
    {
      code: 'CSR_GIVEN',
      crt: () => source('request.csr'),
      message:
        'request.csr is a certificate signing request; submit it to your certificate authority and use the certificate it returns',
      name: 'a CSR as CRT',
    },
    {
      code: 'CSR_GIVEN',
      crt: () => source('leaf-rsa2048.crt'),
      key: () => source('request.csr'),
      message:
        'request.csr is a certificate signing request; submit it to your certificate authority and use the certificate it returns',
      name: 'a CSR as KEY',
    },
    {
      code: 'PUBLIC_KEY_GIVEN',
      crt: () => source('leaf-rsa2048.crt'),
      key: () => source('leaf-rsa2048.pub'),
      message: 'leaf-rsa2048.pub holds a public key; give the private key',
      name: 'a public key as KEY',
    },
    {
      code: 'PUBLIC_KEY_GIVEN',
      crt: () => source('leaf-rsa2048.pub'),
      message: 'leaf-rsa2048.pub holds a public key; give the private key',
      name: 'a public key as CRT',
    },
    {
      code: 'TOO_MANY_KEYS',
      crt: () => source('leaf-rsa2048.crt'),
      key: () => source('two-keys.pem'),
      message: 'expected 1 private key in two-keys.pem, found 2',
      name: 'two keys in KEY',
    },
    {
      code: 'TOO_MANY_KEYS',
      crt: () => joined('chain-keys.pem', 'chain-with-key.pem', 'key-ec-pkcs8.pem'),
      message: 'expected 1 private key in chain-keys.pem, found 2',
      name: 'two keys in CRT',
    },
    {
      code: 'TOO_MANY_CERTIFICATES',
      crt: () => joined('eleven.pem', ...Array.from({length: MAX_CERTIFICATES + 1}, () => 'leaf-rsa2048.crt')),
      message: `eleven.pem holds ${MAX_CERTIFICATES + 1} certificates; at most ${MAX_CERTIFICATES} are accepted`,
      name: 'more than 10 certificates',
    },
    {
      code: 'NO_CERTIFICATE',
      crt: () => source('passphrase.txt'),
      message: 'no PEM certificate found in passphrase.txt',
      name: 'a text file as CRT',
    },
    {
      code: 'NO_CERTIFICATE',
      crt: () => ({
        data: Buffer.from('-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n'),
        label: 'params.pem',
      }),
      message: 'no PEM certificate found in params.pem',
      name: 'EC parameters only',
    },
    {
      code: 'NO_PRIVATE_KEY',
      crt: () => source('leaf-rsa2048.crt'),
      key: () => source('passphrase.txt'),
      message: 'no private key found in passphrase.txt',
      name: 'a text file as KEY',
    },
    {
      code: 'KEY_CONFLICT',
      crt: () => source('chain-with-key.pem'),
      key: () => source('leaf-rsa4096.key'),
      message: 'chain-with-key.pem contains a private key that differs from KEY (leaf-rsa4096.key)',
      name: 'an embedded key that differs from KEY',
    },
    {
      code: 'KEY_CONFLICT',
      crt: () => source('leaf-rsa2048.p12'),
      key: () => source('key-ec-sec1.pem'),
      message: 'leaf-rsa2048.p12 contains a private key that differs from KEY (key-ec-sec1.pem)',
      name: 'a bundle key that differs from KEY',
    },
    {
      code: 'FILE_UTF16',
      crt: () => source('utf16.pem'),
      message: 'utf16.pem: file is UTF-16; save it as ASCII or UTF-8',
      name: 'a UTF-16 CRT',
    },
  ]

  for (const c of rejected) {
    it(`rejects ${c.name}`, async () => {
      passphraseAsked = 0
      await assert.rejects(load(c.crt(), c.key?.()), (error: unknown) => {
        assert.ok(error instanceof SniError, String(error))
        assert.equal(error.code, c.code)
        assert.equal(error.exit, 3)
        assert.equal(error.message, c.message)
        assert.ok(error.hint)
        return true
      })
      if (c.name.includes('encrypted')) assert.equal(passphraseAsked, 0, 'no passphrase asked for a swapped argument')
    })
  }

  it('with the real provider, prompts once for an encrypted bundle and an encrypted key', async () => {
    const prompts: string[] = []
    const result = await loadCertificateInput({
      certificate: source('leaf-rsa2048.p12'),
      key: source('key-rsa-legacy-encrypted.pem'),
      passphrase: createPassphraseProvider({
        env: {},
        prompt: async (message) => {
          prompts.push(message)
          return fixturePassphrase
        },
      }),
    })
    assert.deepEqual(prompts, ['Passphrase for leaf-rsa2048.p12:'])
    assert.equal(result.key?.format, 'legacy-encrypted')
  })
})
