import assert from 'node:assert/strict'
import {Readable} from 'node:stream'

import {readCappedStream} from '../../../src/lib/input/read-input-file.js'
import {SniError} from '../../../src/lib/sni-error.js'

describe('readCappedStream', () => {
  const limits = {cap: 10, what: 'key'}
  const cases: Array<{name: string; chunks: Array<Buffer | string>; result?: string; code?: string}> = [
    {chunks: ['abc', Buffer.from('def')], name: 'string and buffer chunks', result: 'abcdef'},
    {chunks: ['0123456789'], name: 'exactly the cap', result: '0123456789'},
    {chunks: ['012345', '67890'], code: 'FILE_TOO_LARGE', name: 'one byte over the cap, across chunks'},
    {chunks: [], code: 'FILE_EMPTY', name: 'nothing'},
  ]
  for (const c of cases) {
    it(`reads ${c.name}`, async () => {
      const read = readCappedStream(Readable.from(c.chunks), limits, 'from stdin')
      if (c.result === undefined)
        await assert.rejects(read, (error: unknown) => error instanceof SniError && error.code === c.code)
      else assert.equal((await read).toString(), c.result)
    })
  }
})
