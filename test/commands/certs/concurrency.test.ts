import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {randomInt} from 'node:crypto'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type BetterSqlite3 from 'better-sqlite3'

import type {CertsAddResult} from '../../../src/commands/certs/add.js'
import type {Domain, SniEndpoint} from '../../../src/lib/models.js'
import {fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {useLocalSni} from '../../helpers/local-store.js'
import {parseJsonOutput} from '../../helpers/json-schema.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3
const SECRETS = ['leaf-rsa2048.key', 'wildcard.key'].map((name) => readFixture(name).toString('utf8'))
const runBin = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))
const tsxLoader = import.meta.resolve('tsx')

/** Starts the real CLI like runSni does, but hands back a way to SIGKILL it mid-run. */
function startKillable(
  args: string[],
  home: string,
): {done: Promise<{code: number | null; signal: NodeJS.Signals | null}>; kill: () => void} {
  const child = spawn(process.execPath, ['--import', tsxLoader, runBin, ...args], {
    cwd: fixturesDir,
    env: {...process.env, COLUMNS: '120', NODE_ENV: 'test', NO_COLOR: '1', SNI_HOME: home, SNI_PLATFORM: 'local'},
    stdio: 'ignore',
  })
  const done = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => {
    child.on('close', (code, signal) => resolve({code, signal}))
  })
  return {done, kill: () => child.kill('SIGKILL')}
}

describe('certs:add from concurrent processes', function () {
  this.timeout(180_000)
  const local = useLocalSni('sni-certs-concurrency-', SECRETS, {process: true, timeoutMs: 120_000})
  const {sni} = local

  it('20 processes started at once on a fresh store give 20 endpoints with 20 distinct names', async () => {
    // --allow-duplicate: every run adds an endpoint (without it, certs:add reuses one holding the certificate).
    const runs = await Promise.all(
      Array.from({length: 20}, (_, i) =>
        sni(
          'certs:add',
          ...(i % 2 === 0 ? ['chain-in-order.pem', 'leaf-rsa2048.key'] : ['chain-wildcard.pem', 'wildcard.key']),
          '--app',
          'busy-app',
          '--allow-duplicate',
          '--json',
        ),
      ),
    )
    for (const run of runs) assert.equal(run.exitCode, 0, `${run.stdout}\n${run.stderr}`)
    const names = runs.map((run) => parseJsonOutput<CertsAddResult>('certs-add', run.stdout).endpoint?.name ?? '')
    assert.equal(new Set(names).size, 20, 'distinct names')

    const listed = await sni('certs', '--app', 'busy-app', '--json')
    assert.equal(listed.exitCode, 0, listed.stderr)
    const endpoints = parseJsonOutput<SniEndpoint[]>('certs', listed.stdout)
    assert.equal(endpoints.length, 20)
    assert.deepEqual(endpoints.map((e) => e.name).sort(), [...names].sort())
  })

  it('a store whose writers were killed with SIGKILL mid-write still opens and lists', async () => {
    // Seed an app so every writer below has domains to create and associate.
    const seed = await sni('domains:add', 'www.example.com', '--app', 'crash-app')
    assert.equal(seed.exitCode, 0, seed.stderr)
    const writers = [
      ['certs:add', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'crash-app', '--domains', 'www.example.com'],
      ['certs:add', 'chain-wildcard.pem', 'wildcard.key', '--app', 'crash-app', '--all-matching'],
      ['domains:add', 'api.example.com', '--app', 'crash-app'],
      ['domains:add', 'shop.example.com', '--app', 'other-crash-app'],
    ]
    let killed = 0
    for (let round = 0; round < 3; round++) {
      const children = writers.map((args) => startKillable(args, local.home))
      // Kill each at a random moment: before, while or after it writes.
      await Promise.all(
        children.map(async (child) => {
          await new Promise((resolve) => setTimeout(resolve, randomInt(200, 1500)))
          child.kill()
          const {signal} = await child.done
          if (signal === 'SIGKILL') killed++
        }),
      )
    }

    assert.ok(killed > 0, 'at least one writer was killed mid-run')

    const [certs, domains, add] = await Promise.all([
      sni('certs', '--app', 'crash-app', '--json'),
      sni('domains', '--app', 'crash-app', '--json'),
      sni('certs:add', 'chain-in-order.pem', 'leaf-rsa2048.key', '--app', 'crash-app', '--json'),
    ])
    assert.equal(certs.exitCode, 0, certs.stdout + certs.stderr)
    const endpoints = parseJsonOutput<SniEndpoint[]>('certs', certs.stdout)
    assert.equal(domains.exitCode, 0, domains.stdout + domains.stderr)
    const listedDomains = parseJsonOutput<Domain[]>('domains', domains.stdout)
    assert.ok(listedDomains.some((d) => d.hostname === 'www.example.com'))
    for (const domain of listedDomains) {
      if (domain.sniEndpoint)
        assert.ok(
          endpoints.some((e) => e.name === domain.sniEndpoint?.name),
          `${domain.hostname} points at a listed endpoint`,
        )
    }

    assert.equal(add.exitCode, 0, add.stdout + add.stderr)
    const db = new Database(join(local.home, 'platform.db'))
    try {
      assert.equal(db.pragma('integrity_check', {simple: true}), 'ok')
      assert.deepEqual(db.pragma('foreign_key_check'), [])
      const orphans = db
        .prepare(
          'SELECT count(*) AS n FROM sni_endpoints e LEFT JOIN private_keys k ON k.endpoint_pk = e.pk WHERE k.endpoint_pk IS NULL',
        )
        .get() as {n: number}
      assert.equal(orphans.n, 0, 'every endpoint kept its key: a write is all or nothing')
    } finally {
      db.close()
    }
  })
})
