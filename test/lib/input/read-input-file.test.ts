import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {chmodSync, mkdtempSync, rmSync, truncateSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import {readInputFile} from '../../../src/lib/input/read-input-file.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixture, readFixture} from '../../helpers/fixtures.js'

async function rejection(promise: Promise<unknown>): Promise<SniError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof SniError, `expected SniError, got ${String(error)}`)
    assert.equal(error.exit, 3)
    return error
  }

  assert.fail('expected a rejection')
}

describe('readInputFile', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-read-'))
  })
  after(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  it('reads a regular file and labels it with the path', async () => {
    const source = await readInputFile(fixture('leaf-rsa2048.crt'), 'certificate')
    assert.equal(source.label, fixture('leaf-rsa2048.crt'))
    assert.deepEqual(source.data, readFixture('leaf-rsa2048.crt'))
  })

  const failures: Array<{
    name: string
    path: () => string
    kind: 'ca' | 'certificate' | 'key'
    code: string
    message: RegExp
  }> = [
    {
      code: 'FILE_NOT_FOUND',
      kind: 'certificate',
      message: /^certificate file not found: .*missing\.crt$/,
      name: 'a missing file',
      path: () => join(dir, 'missing.crt'),
    },
    {
      code: 'FILE_NOT_FOUND',
      kind: 'key',
      message: /^key file not found: /,
      name: 'a path through a file',
      path: () => join(fixture('leaf-rsa2048.key'), 'x'),
    },
    {
      code: 'NOT_A_REGULAR_FILE',
      kind: 'certificate',
      message: /is a directory, not a regular file$/,
      name: 'a directory',
      path: () => dir,
    },
    {
      code: 'NOT_A_REGULAR_FILE',
      kind: 'key',
      message: /^key file \/dev\/zero is a device/,
      name: '/dev/zero',
      path: () => '/dev/zero',
    },
    {
      code: 'NOT_A_REGULAR_FILE',
      kind: 'ca',
      message: /^CA file .* is a named pipe/,
      name: 'a FIFO',
      path: () => join(dir, 'fifo'),
    },
    {
      code: 'FILE_EMPTY',
      kind: 'certificate',
      message: /^certificate file .*empty\.pem is empty$/,
      name: 'an empty file',
      path: () => fixture('empty.pem'),
    },
    {
      code: 'FILE_TOO_LARGE',
      kind: 'key',
      message: /^key file .*big\.key is 16385 B, over the 16 KiB cap$/,
      name: 'a key over 16 KiB',
      path: () => join(dir, 'big.key'),
    },
  ]

  before(() => {
    execFileSync('mkfifo', [join(dir, 'fifo')])
    writeFileSync(join(dir, 'big.key'), Buffer.alloc(16 * 1024 + 1, 0x41))
  })

  for (const c of failures) {
    it(`rejects ${c.name} before reading it`, async () => {
      const error = await rejection(readInputFile(c.path(), c.kind))
      assert.equal(error.code, c.code)
      assert.match(error.message, c.message)
      assert.ok(error.hint)
    })
  }

  it('rejects a socket', async () => {
    const path = join(dir, 'sock')
    const server: Server = createServer()
    await new Promise<void>((resolve) => {
      server.listen(path, resolve)
    })
    try {
      assert.equal((await rejection(readInputFile(path, 'certificate'))).code, 'NOT_A_REGULAR_FILE')
    } finally {
      server.close()
    }
  })

  it('rejects a 40 MB sparse file from its size, quickly, naming size and cap', async () => {
    const path = join(dir, 'huge.pem')
    writeFileSync(path, '')
    truncateSync(path, 40 * 1024 * 1024)
    const started = Date.now()
    const error = await rejection(readInputFile(path, 'certificate'))
    assert.ok(Date.now() - started < 100)
    assert.equal(error.code, 'FILE_TOO_LARGE')
    assert.match(error.message, /is 40 MiB, over the 1 MiB cap$/)
    assert.deepEqual(error.details, {cap: 1024 * 1024, size: 40 * 1024 * 1024})
  })

  it('accepts a certificate file exactly at the cap', async () => {
    const path = join(dir, 'at-cap.pem')
    writeFileSync(path, Buffer.alloc(1024 * 1024, 0x20))
    assert.equal((await readInputFile(path, 'certificate')).data.length, 1024 * 1024)
  })

  it('rejects an unreadable file (permission denied)', async function () {
    if (process.getuid?.() === 0) this.skip() // root reads anything
    const path = join(dir, 'secret.key')
    writeFileSync(path, 'x')
    chmodSync(path, 0o000)
    const error = await rejection(readInputFile(path, 'key'))
    assert.equal(error.code, 'FILE_UNREADABLE')
    assert.match(error.message, /^cannot read .*secret\.key: permission denied$/)
  })

  describe('stdin (-)', () => {
    it('reads the given stream and labels it -', async () => {
      const pem = readFixture('leaf-rsa2048.crt')
      const source = await readInputFile('-', 'certificate', Readable.from([pem.subarray(0, 100), pem.subarray(100)]))
      assert.equal(source.label, '-')
      assert.deepEqual(source.data, pem)
    })

    it('stops reading an endless stream once over the cap', async () => {
      let produced = 0
      const endless = new Readable({
        read() {
          produced += 4096
          this.push(Buffer.alloc(4096))
        },
      })
      const error = await rejection(readInputFile('-', 'key', endless))
      assert.equal(error.code, 'FILE_TOO_LARGE')
      assert.match(error.message, /^key from stdin is .* over the 16 KiB cap$/)
      assert.ok(produced < 64 * 1024, `read ${produced} bytes`)
      assert.ok(endless.destroyed)
    })

    it('rejects empty stdin', async () => {
      const error = await rejection(readInputFile('-', 'certificate', Readable.from([])))
      assert.equal(error.code, 'FILE_EMPTY')
      assert.equal(error.message, 'certificate from stdin is empty')
    })
  })
})
