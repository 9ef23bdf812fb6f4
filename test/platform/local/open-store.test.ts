import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type BetterSqlite3 from 'better-sqlite3'

import {openStore} from '../../../src/platform/local/open-store.js'
import {openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import {SCHEMA_VERSION} from '../../../src/platform/local/store-migrations.js'
import {contractInputs, expectSniError} from '../contract.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3

function modeOf(path: string): number {
  return statSync(path).mode & 0o777
}

function hashOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

describe('openStore', () => {
  let root: string
  let home: string
  let dbPath: string

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sni-store-'))
    home = join(root, 'nested', 'sni')
    dbPath = join(home, 'platform.db')
  })

  afterEach(() => {
    rmSync(root, {force: true, recursive: true})
  })

  it('creates the directory 0700 and the store 0600, in WAL mode at the current schema', () => {
    const previous = process.umask(0o022)
    try {
      const db = openStore({home})
      assert.equal(db.pragma('journal_mode', {simple: true}), 'wal')
      assert.equal(db.pragma('user_version', {simple: true}), SCHEMA_VERSION)
      assert.equal(db.pragma('foreign_keys', {simple: true}), 1)
      db.close()
    } finally {
      process.umask(previous)
    }

    assert.equal(modeOf(home), 0o700)
    assert.equal(modeOf(dbPath), 0o600)
  })

  it('keeps the WAL files as private as the store', async () => {
    const client = openLocalPlatformClient({home})
    await client.createSniEndpoint('example', contractInputs().rsa)
    for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) assert.equal(modeOf(file), 0o600, file)
    client.close()
  })

  it('never changes a mode: a store file made 0644 by hand stays so (its directory is private), and nothing is said', () => {
    openStore({home}).close()
    chmodSync(dbPath, 0o644)
    const notices: string[] = []
    openStore({home, onNotice: (m) => notices.push(m)}).close()
    assert.equal(modeOf(home), 0o700)
    assert.equal(modeOf(dbPath), 0o644)
    assert.deepEqual(notices, [])
  })

  it('says SNI_HOME is not a directory when it is a file, or a file is on its path (STORE_NOT_DIRECTORY, exit 8)', async () => {
    const file = join(root, 'a-file')
    writeFileSync(file, '')
    for (const where of [file, join(file, 'sni')]) {
      assert.throws(
        () => openStore({home: where}),
        (error: unknown) =>
          error instanceof Error &&
          (error as {code?: string}).code === 'STORE_NOT_DIRECTORY' &&
          (error as {exit?: number}).exit === 8 &&
          error.message === `SNI_HOME ${where} is not a directory.`,
      )
    }
  })

  it('refuses a symlinked store and leaves the target untouched (exit 8)', async () => {
    mkdirSync(home, {mode: 0o700, recursive: true})
    const target = join(root, 'elsewhere.db')
    writeFileSync(target, 'not yours')
    symlinkSync(target, dbPath)
    await expectSniError(
      Promise.resolve().then(() => openStore({home})),
      {code: 'STORE_NOT_REGULAR_FILE', exit: 8},
    )
    assert.equal(readFileSync(target, 'utf8'), 'not yours')
  })

  it('refuses a store written by a newer sni and leaves it as it is (exit 8)', async () => {
    mkdirSync(home, {mode: 0o700, recursive: true})
    const newer = new Database(dbPath)
    newer.exec('CREATE TABLE future (x)')
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    newer.close()
    chmodSync(dbPath, 0o600)
    const before = hashOf(dbPath)
    await expectSniError(
      Promise.resolve().then(() => openStore({home})),
      {code: 'STORE_TOO_NEW', exit: 8, message: /was written by a newer sni/},
    )
    assert.equal(hashOf(dbPath), before)
  })

  const corruptions: Array<{name: string; bytes: Buffer}> = [
    {bytes: Buffer.from('{"schemaVersion": 1, "apps": {}}\n'), name: 'a JSON file'},
    {
      bytes: Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0xa5)]),
      name: 'a database with a garbled header',
    },
    {bytes: readFileSync(new URL('../../fixtures/generated/random.bin', import.meta.url)), name: 'random bytes'},
  ]
  for (const corruption of corruptions) {
    it(`reports ${corruption.name} as a corrupt store, without resetting it (exit 8)`, async () => {
      mkdirSync(home, {mode: 0o700, recursive: true})
      writeFileSync(dbPath, corruption.bytes, {mode: 0o600})
      const before = hashOf(dbPath)
      const error = await expectSniError(
        Promise.resolve().then(() => openStore({home})),
        {code: 'STORE_CORRUPT', exit: 8},
      )
      assert.match(error.hint ?? '', /move it aside/)
      assert.equal(hashOf(dbPath), before)
    })
  }

  it('fails with "store busy" when another process holds the write lock past the timeout (exit 8)', async () => {
    const client = openLocalPlatformClient({busyTimeoutMs: 150, home})
    await client.createSniEndpoint('example', contractInputs().rsa)
    const holder = new Database(dbPath)
    holder.exec('BEGIN IMMEDIATE')
    try {
      await expectSniError(client.createSniEndpoint('example', contractInputs().ecdsa), {
        code: 'STORE_BUSY',
        exit: 8,
        message: /busy/,
      })
      assert.equal((await client.listSniEndpoints('example')).length, 1, 'reads still work in WAL mode')
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
      client.close()
    }
  })
})
