import assert from 'node:assert/strict'

import {type KeyRequest, type KeySpec, resolveKeySpec} from '../../../src/lib/generate/key-spec.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('resolveKeySpec', () => {
  const rows: Array<{name: string; request: KeyRequest; want: KeySpec}> = [
    {name: 'RSA 2048 by default', request: {}, want: {hash: 'sha256', keySize: 2048, keyType: 'rsa'}},
    {name: 'RSA 4096', request: {keySize: 4096, keyType: 'rsa'}, want: {hash: 'sha256', keySize: 4096, keyType: 'rsa'}},
    {
      name: 'P-256 by default for ECDSA',
      request: {keyType: 'ecdsa'},
      want: {curve: 'p256', hash: 'sha256', keyType: 'ecdsa', namedCurve: 'prime256v1'},
    },
    {
      name: 'P-384 with SHA-384',
      request: {curve: 'p384', keyType: 'ecdsa'},
      want: {curve: 'p384', hash: 'sha384', keyType: 'ecdsa', namedCurve: 'secp384r1'},
    },
  ]
  for (const {name, request, want} of rows) {
    it(`resolves ${name}`, () => {
      assert.deepEqual(resolveKeySpec(request), want)
    })
  }

  const invalid: Array<{name: string; request: KeyRequest; message: RegExp}> = [
    {message: /--key-size 1024 is not supported/, name: 'a weak RSA size', request: {keySize: 1024}},
    {message: /--curve applies only to ECDSA/, name: 'a curve for RSA', request: {curve: 'p384'}},
    {message: /--key-size applies only to RSA/, name: 'a size for ECDSA', request: {keySize: 2048, keyType: 'ecdsa'}},
  ]
  for (const {message, name, request} of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => resolveKeySpec(request),
        (error: unknown) => error instanceof SniError && error.exit === 2 && message.test(error.message),
      )
    })
  }
})
