import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {readRouterState, removeRouterState, writeRouterState} from '../../src/router/router-state.js'

describe('router state (router.json)', () => {
  let home: string
  const state = {host: '127.0.0.1', pid: process.pid, port: 8443, startedAt: '2025-01-01T00:00:00.000Z'}

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-router-state-'))
  })

  afterEach(() => rmSync(home, {force: true, recursive: true}))

  it('writes mode 0600, reads back, removes', () => {
    writeRouterState(home, state)
    if (process.platform !== 'win32') assert.equal(statSync(join(home, 'router.json')).mode & 0o777, 0o600)
    assert.deepEqual(readRouterState(home), state)
    assert.deepEqual(readdirSync(home), ['router.json'], 'no temp file left')
    removeRouterState(home)
    assert.equal(readRouterState(home), undefined)
    assert.ok(!existsSync(join(home, 'router.json')))
  })

  it('reads nothing from a missing, malformed or stale file', () => {
    assert.equal(readRouterState(home), undefined)
    for (const text of [
      '{',
      '[]',
      '{"host":"127.0.0.1","port":0,"pid":1,"startedAt":"x"}',
      JSON.stringify({...state, port: '8443'}),
    ]) {
      writeFileSync(join(home, 'router.json'), text)
      assert.equal(readRouterState(home), undefined, text)
    }

    // A router killed without a clean shutdown: its pid no longer runs.
    writeFileSync(join(home, 'router.json'), JSON.stringify({...state, pid: 2 ** 22 + 12_345}))
    assert.equal(readRouterState(home), undefined)
  })

  it("removeRouterState leaves a newer router's file alone", () => {
    writeRouterState(home, {...state, pid: process.ppid})
    removeRouterState(home, process.pid)
    assert.equal(readRouterState(home)?.pid, process.ppid)
    removeRouterState(home, process.ppid)
    assert.equal(readRouterState(home), undefined)
  })
})
