import assert from 'node:assert/strict'
import {chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import {privateSubdirectory, resolveStoreDirectory} from '../../../src/platform/local/store-directory.js'
import {runSni} from '../../helpers/run-sni.js'
import {expectSniError} from '../contract.js'

const uid = process.getuid?.() ?? 0

function modeOf(path: string): number {
  return statSync(path).mode & 0o7777
}

describe('SNI_HOME permissions (store directory)', function () {
  this.timeout(60_000)
  let root: string

  beforeEach(function () {
    if (typeof process.getuid !== 'function') this.skip()
    root = mkdtempSync(join(tmpdir(), 'sni-home-'))
  })

  afterEach(() => {
    if (root) rmSync(root, {force: true, recursive: true})
  })

  it('creates a missing SNI_HOME (and its parents) with mode 0700 and uses it', () => {
    const home = join(root, 'a', 'b', 'sni')
    const previous = process.umask(0o022)
    try {
      assert.equal(resolveStoreDirectory(home, {create: true}), home)
    } finally {
      process.umask(previous)
    }

    assert.equal(modeOf(home), 0o700)
  })

  it('uses a private SNI_HOME as it is', () => {
    const home = join(root, 'private')
    mkdirSync(home, {mode: 0o700})
    assert.equal(resolveStoreDirectory(home, {create: true}), home)
    assert.ok(!existsSync(privateSubdirectory(home, uid)))
  })

  for (const mode of [0o1777, 0o755, 0o750, 0o1770]) {
    it(`keeps an existing ${mode.toString(8).padStart(4, '0')} SNI_HOME as it is and keeps the store in a private 0700 subdirectory`, async () => {
      const home = join(root, 'shared')
      mkdirSync(home)
      chmodSync(home, mode)
      const client = openLocalPlatformClient({home})
      try {
        await client.addDomain('shop', {hostname: 'www.example.com', sniEndpoint: null})
        const directory = privateSubdirectory(home, uid)
        assert.equal(client.directory, directory)
        assert.ok(existsSync(join(directory, 'platform.db')))
        assert.ok(!existsSync(join(home, 'platform.db')))
        assert.equal(modeOf(directory), 0o700)
      } finally {
        client.close()
      }

      assert.equal(modeOf(home), mode, 'the mode of SNI_HOME is unchanged')
    })
  }

  for (const mode of [0o777, 0o775, 0o757]) {
    it(`refuses a SNI_HOME others may write to without the sticky bit (${mode.toString(8)}), changing nothing (exit 8)`, async () => {
      const home = join(root, 'open')
      mkdirSync(home)
      chmodSync(home, mode)
      const error = await expectSniError(
        Promise.resolve().then(() => openLocalPlatformClient({home})),
        {code: 'STORE_DIR_UNSAFE', exit: 8},
      )
      assert.match(
        error.message,
        new RegExp(`can be written by others \\(mode 0${mode.toString(8)}\\) and has no sticky bit`),
      )
      assert.equal(modeOf(home), mode)
      assert.ok(!existsSync(privateSubdirectory(home, uid)))
    })
  }

  it('refuses a private subdirectory that is a planted symbolic link, or open to others, without touching it (exit 8)', async () => {
    const home = join(root, 'tmp')
    mkdirSync(home)
    chmodSync(home, 0o1777)
    const elsewhere = join(root, 'elsewhere')
    mkdirSync(elsewhere, {mode: 0o700})
    symlinkSync(elsewhere, privateSubdirectory(home, uid))
    await expectSniError(
      Promise.resolve().then(() => openLocalPlatformClient({home})),
      {code: 'STORE_DIR_UNSAFE', exit: 8, message: /is a symbolic link/},
    )
    assert.ok(!existsSync(join(elsewhere, 'platform.db')))

    rmSync(privateSubdirectory(home, uid))
    mkdirSync(privateSubdirectory(home, uid))
    chmodSync(privateSubdirectory(home, uid), 0o755)
    await expectSniError(
      Promise.resolve().then(() => openLocalPlatformClient({home})),
      {code: 'STORE_DIR_UNSAFE', exit: 8, message: /open to others \(mode 0755\)/},
    )
    assert.equal(modeOf(privateSubdirectory(home, uid)), 0o755)
  })

  it('a read-only lookup creates nothing', () => {
    const home = join(root, 'shared')
    mkdirSync(home)
    chmodSync(home, 0o755)
    assert.equal(resolveStoreDirectory(home, {create: false}), undefined)
    assert.equal(resolveStoreDirectory(join(root, 'missing'), {create: false}), undefined)
    assert.ok(!existsSync(privateSubdirectory(home, uid)))
    assert.ok(!existsSync(join(root, 'missing')))
  })

  it('CLI: read-only and writing commands leave an existing 1777 or 0755 SNI_HOME mode alone; a 0777 one is refused (exit 8)', async () => {
    const sticky = join(root, 'sticky')
    const readable = join(root, 'readable')
    const open = join(root, 'open')
    for (const [dir, mode] of [
      [sticky, 0o1777],
      [readable, 0o755],
      [open, 0o777],
    ] as const) {
      mkdirSync(dir)
      chmodSync(dir, mode)
    }

    for (const home of [sticky, readable]) {
      const env = {SNI_HOME: home, SNI_PLATFORM: 'local'}
      const before = modeOf(home)
      const listed = await runSni(['domains', '--app', 'shop', '--json'], {env})
      const added = await runSni(['domains:add', 'www.example.com', '--app', 'shop', '--json'], {env})
      const after = await runSni(['domains', '--app', 'shop', '--json'], {env})
      assert.equal(listed.exitCode, 5, listed.stderr) // no app yet
      assert.equal(added.exitCode, 0, added.stderr)
      assert.equal(after.exitCode, 0, after.stderr)
      assert.deepEqual(
        (JSON.parse(after.stdout) as Array<{hostname: string}>).map((d) => d.hostname),
        ['www.example.com'],
      )
      assert.equal(modeOf(home), before)
      assert.ok(lstatSync(privateSubdirectory(home, uid)).isDirectory())
    }

    const refused = await runSni(['domains', '--app', 'shop', '--json'], {env: {SNI_HOME: open, SNI_PLATFORM: 'local'}})
    assert.equal(refused.exitCode, 8)
    assert.equal(JSON.parse(refused.stdout).error.code, 'STORE_DIR_UNSAFE')
    assert.equal(modeOf(open), 0o777)
  })
})
