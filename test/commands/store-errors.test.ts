import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parseJsonError} from '../helpers/json-schema.js'
import {runSni} from '../helpers/run-sni.js'

// An install whose better-sqlite3 has no binary (npm ci --ignore-scripts, an offline machine without
// a compiler): the local platform says so, with the cause under DEBUG, instead of "store failed".
describe('the local store without its native module', () => {
  let home: string
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-no-native-'))
  })
  afterEach(() => rmSync(home, {force: true, recursive: true}))

  const preload = fileURLToPath(new URL('../fixtures/preload/no-sqlite-binary.cjs', import.meta.url))
  const env = (extra: Record<string, string> = {}) => ({
    NODE_OPTIONS: `--require ${preload}`,
    SNI_HOME: home,
    SNI_PLATFORM: 'local',
    ...extra,
  })

  it('reports the missing binary as such (exit 8), with the original error only under DEBUG', async () => {
    const [human, json, debug] = await Promise.all([
      runSni(['certs', '--app', 'shop'], {env: env()}),
      runSni(['certs', '--app', 'shop', '--json'], {env: env()}),
      runSni(['certs', '--app', 'shop'], {env: env({DEBUG: '*'})}),
    ])
    assert.equal(human.exitCode, 8)
    assert.match(
      human.stderr,
      /^ › {3}Error: The local platform cannot open its store: its SQLite module better-sqlite3 has no native binary built for this Node\.js \(Node\.js v\d+\.\d+\.\d+, [a-z0-9]+-[a-z0-9]+\)\.\n/,
    )
    assert.match(
      human.stderr,
      /Try this: better-sqlite3 needs a build for this Node\.js: run `npm rebuild better-sqlite3`/,
    )
    assert.doesNotMatch(human.stderr, /Could not locate the bindings file|STORE_IO|failed/)
    const error = parseJsonError(json)
    assert.deepEqual([error.code, error.exit], ['STORE_DRIVER_UNAVAILABLE', 8])
    assert.equal(debug.exitCode, 8)
    assert.match(debug.stderr, /Caused by: Error: Could not locate the bindings file\. Tried:/)
  })
})
