import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixture, readFixture} from '../../helpers/fixtures.js'
import {runSni} from '../../helpers/run-sni.js'
import {startRouterProcess} from '../../router/router-process.js'

describe('router:start', function () {
  this.timeout(60_000)
  let home: string
  let env: Record<string, string>

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'sni-router-cmd-'))
    env = {SNI_HOME: home, SNI_PLATFORM: 'local'}
  })

  after(() => rmSync(home, {force: true, recursive: true}))

  it('serves the local platform only (exit 2)', async () => {
    const run = await runSni(['router:start', '--platform', 'heroku', '--json'], {env})
    assert.equal(run.exitCode, 2)
    assert.match(run.stdout, /"code": "ROUTER_LOCAL_ONLY"/)
    assert.match(run.stdout, /router:start serves the local platform only/)
  })

  it('refuses an --upstream that is not http:// (exit 2)', async () => {
    const run = await runSni(['router:start', '--upstream', 'https://127.0.0.1:3000', '--port', '0'], {env})
    assert.equal(run.exitCode, 2)
    assert.match(run.stderr, /--upstream "https:\/\/127\.0\.0\.1:3000" must be an http:\/\/ URL/)
  })

  it('a --host that is not an address of this machine: a clear error, and no warning about other machines (exit 2)', async () => {
    const run = await runSni(['router:start', '--host', '10.255.255.1', '--port', '0'], {env})
    assert.equal(run.exitCode, 2)
    assert.equal(run.stderr, ' ›   Error: Cannot listen on 10.255.255.1: it is not an address of this machine.\n ›   Try this: Use --host 127.0.0.1.\n')
  })

  it('refuses a port out of range (exit 2)', async () => {
    const run = await runSni(['router:start', '--port', '70000'], {env})
    assert.equal(run.exitCode, 2)
  })

  it('a port in use: exit 2 with a hint', async () => {
    const first = await startRouterProcess([], env)
    try {
      const run = await runSni(['router:start', '--port', String(first.port)], {env})
      assert.equal(run.exitCode, 2)
      assert.match(run.stderr, new RegExp(`Port ${first.port} on 127\\.0\\.0\\.1 is already in use`))
    } finally {
      assert.equal(await first.stop('SIGINT'), 0)
    }
  })

  it('--json: the request log is JSON lines on stdout; the listening line stays on stderr', async () => {
    assert.equal((await runSni(['domains:add', 'www.example.com', '-a', 'shop'], {env})).exitCode, 0)
    const added = await runSni(['certs:add', fixture('chain-in-order.pem'), fixture('leaf-rsa2048.key'), '-a', 'shop', '--domains', 'www.example.com'], {env})
    assert.equal(added.exitCode, 0, added.stderr)
    const router = await startRouterProcess(['--json'], env)
    const {request} = await import('node:https')
    for (const servername of ['www.example.com', 'nope.example.com']) {
      await new Promise<void>((resolve) => {
        const req = request({agent: false, ca: readFixture('root-ca.crt'), headers: {host: servername}, host: '127.0.0.1', path: '/x', port: router.port, servername}, (res) => {
          res.resume()
          res.on('end', () => resolve())
        })
        req.on('error', () => resolve()) // nope.example.com: refused
        req.end()
      })
    }

    assert.equal(await router.stop('SIGTERM'), 0)
    const lines = router.stdout().trim().split('\n')
    assert.equal(lines.length, 1, 'one request served, one line, and no final JSON document')
    const entry = JSON.parse(lines[0] ?? '')
    assert.deepEqual([entry.sni, entry.method, entry.path, entry.status], ['www.example.com', 'GET', '/x', 200])
    assert.match(router.stderr(), /^Router listening on https:\/\/127\.0\.0\.1:\d+ /)
    assert.match(router.stderr(), /TLS handshake from 127\.0\.0\.1 refused \(SNI nope\.example\.com\): no certificate serves this name/)
  })
})
