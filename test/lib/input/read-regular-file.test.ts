import assert from 'node:assert/strict'

import {checkSize, readRegularFile} from '../../../src/lib/input/read-input-file.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixture, readFixture} from '../../helpers/fixtures.js'

describe('readRegularFile', () => {
  it('reads a file within the cap', async () => {
    assert.deepEqual(
      await readRegularFile(fixture('leaf-rsa2048.key'), {cap: 16 * 1024, what: 'key file'}),
      readFixture('leaf-rsa2048.key'),
    )
  })

  it('names the input kind it was given', async () => {
    await assert.rejects(
      readRegularFile(fixture('leaf-rsa2048.key'), {cap: 100, what: 'passphrase file'}),
      (error: unknown) => {
        assert.ok(error instanceof SniError)
        assert.match(error.message, /^passphrase file .* over the 100 B cap$/)
        return true
      },
    )
  })
})

describe('checkSize', () => {
  const limits = {cap: 10, what: 'key file'}
  const cases: Array<[number, string | undefined]> = [
    [1, undefined],
    [10, undefined],
    [11, 'FILE_TOO_LARGE'],
    [0, 'FILE_EMPTY'],
  ]
  for (const [size, code] of cases) {
    it(`${code ? 'rejects' : 'accepts'} ${size} bytes against a cap of 10`, () => {
      if (code)
        assert.throws(
          () => checkSize(size, limits, 'k'),
          (error: unknown) => error instanceof SniError && error.code === code,
        )
      else assert.doesNotThrow(() => checkSize(size, limits, 'k'))
    })
  }
})
