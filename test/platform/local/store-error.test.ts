import assert from 'node:assert/strict'

import {SniError} from '../../../src/lib/sni-error.js'
import {nativeModuleError, toStoreError} from '../../../src/platform/local/store-error.js'

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

  it('keeps the original error as the cause (shown under DEBUG only)', () => {
    const original = failure('SQLITE_IOERR_WRITE')
    assert.equal(toStoreError(original, '/p').cause, original)
  })

  it('says the native SQLite module is missing or unusable, not that the store failed', () => {
    const shapes: Array<[Error, RegExp]> = [
      [failure('MODULE_NOT_FOUND', "Cannot find module 'better-sqlite3'"), /better-sqlite3 is not installed/],
      [
        new Error('Could not locate the bindings file. Tried:\n → /x/build/Release/better_sqlite3.node'),
        /has no native binary built for this Node\.js/,
      ],
      [
        failure('ERR_DLOPEN_FAILED', 'was compiled against a different Node.js version using NODE_MODULE_VERSION 127'),
        /was built for another Node\.js version/,
      ],
      [failure('ERR_DLOPEN_FAILED', 'invalid ELF header'), /cannot be loaded on this machine/],
    ]
    for (const [error, message] of shapes) {
      const mapped = toStoreError(error, '/data/sni/platform.db')
      assert.deepEqual([mapped.code, mapped.exit], ['STORE_DRIVER_UNAVAILABLE', 8])
      assert.match(mapped.message, message)
      assert.match(mapped.hint ?? '', /npm rebuild better-sqlite3.*C\+\+ compiler, make and Python 3/)
      assert.equal(mapped.cause, error)
    }

    assert.equal(nativeModuleError(failure('SQLITE_BUSY')), undefined)
  })
})
