import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type BetterSqlite3 from 'better-sqlite3'

import {openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import {contractInputs} from '../contract.js'

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3
const childDir = fileURLToPath(new URL('children/', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
  stdout: string
}

function startChild(
  script: string,
  home: string,
  onStdout?: (chunk: string) => void,
): {done: Promise<ChildRun>; kill: () => void} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(childDir, script)], {
    cwd: repoRoot,
    env: {...process.env, SNI_HOME: home},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    onStdout?.(chunk)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const done = new Promise<ChildRun>((resolve) => {
    child.on('close', (code, signal) => resolve({code, signal, stderr, stdout}))
  })
  return {done, kill: () => child.kill('SIGKILL')}
}

describe('local store under concurrent processes', function () {
  this.timeout(120_000)
  let home: string

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-concurrency-'))
  })

  afterEach(() => {
    rmSync(home, {force: true, recursive: true})
  })

  it('keeps every write of 20 processes started at once on a fresh store', async () => {
    const runs = await Promise.all(Array.from({length: 20}, () => startChild('create-endpoint.ts', home).done))
    for (const run of runs) assert.equal(run.code, 0, run.stderr)
    const names = runs.map((run) => run.stdout.trim())
    assert.equal(new Set(names).size, 20, 'distinct names')
    const notices = runs.flatMap((run) => run.stderr.split('\n')).filter((line) => line.startsWith('Created app'))
    assert.deepEqual(notices, ['Created app example on the local platform.'], 'exactly one process created the app')

    const client = openLocalPlatformClient({home})
    try {
      const listed = await client.listSniEndpoints('example')
      assert.deepEqual(listed.map((e) => e.name).sort(), [...names].sort())
    } finally {
      client.close()
    }
  })

  it('opens and lists correctly after a writer is killed with SIGKILL mid-loop', async () => {
    let killTimer: NodeJS.Timeout | undefined
    const child = startChild('write-loop.ts', home, (chunk) => {
      if (chunk.includes('ready') && !killTimer) killTimer = setTimeout(() => child.kill(), 300)
    })
    const run = await child.done
    assert.equal(run.signal, 'SIGKILL', run.stderr)

    const db = new Database(join(home, 'platform.db'))
    assert.equal(db.pragma('integrity_check', {simple: true}), 'ok')
    assert.deepEqual(db.pragma('foreign_key_check'), [])
    db.close()

    const client = openLocalPlatformClient({home})
    try {
      const endpoints = await client.listSniEndpoints('example')
      assert.ok(endpoints.length > 0)
      for (const endpoint of endpoints) assert.ok(endpoint.sslCert?.fingerprint256, endpoint.name)
      const domains = await client.listDomains('example')
      assert.ok(domains.length >= endpoints.length)
      const created = await client.createSniEndpoint('example', contractInputs().rsa)
      assert.equal((await client.listSniEndpoints('example')).length, endpoints.length + 1, created.name)
    } finally {
      client.close()
    }
  })
})
