import assert from 'node:assert/strict'

import {SniError} from '../../../src/lib/sni-error.js'
import {toStoreError} from '../../../src/platform/local/store-error.js'

function failure(code: string, message = 'database says no'): Error {
  return Object.assign(new Error(message), {code})
}

describe('toStoreError', () => {
  const cases: Array<[string, string]> = [
    ['SQLITE_BUSY', 'STORE_BUSY'],
    ['SQLITE_BUSY_SNAPSHOT', 'STORE_BUSY'],
    ['SQLITE_LOCKED', 'STORE_BUSY'],
    ['SQLITE_NOTADB', 'STORE_CORRUPT'],
    ['SQLITE_CORRUPT', 'STORE_CORRUPT'],
    ['SQLITE_FULL', 'STORE_FULL'],
    ['ENOSPC', 'STORE_FULL'],
    ['SQLITE_READONLY', 'STORE_ACCESS'],
    ['SQLITE_CANTOPEN', 'STORE_ACCESS'],
    ['EACCES', 'STORE_ACCESS'],
    ['EROFS', 'STORE_ACCESS'],
    ['SQLITE_IOERR_WRITE', 'STORE_IO'],
    ['', 'STORE_IO'],
  ]
  for (const [code, want] of cases) {
    it(`maps ${code || 'an error without a code'} to ${want}, exit 8`, () => {
      const mapped = toStoreError(failure(code, 'secret detail'), '/data/sni/platform.db')
      assert.equal(mapped.code, want)
      assert.equal(mapped.exit, 8)
      assert.match(mapped.message, /^The local platform store \/data\/sni\/platform\.db /)
      assert.ok(!mapped.message.includes('secret detail'), 'the original message is dropped')
      assert.ok(mapped.hint)
    })
  }

  it('passes our own errors through', () => {
    const ours = new SniError('x', {code: 'not_found', exit: 5})
    assert.equal(toStoreError(ours, '/p'), ours)
  })
})
