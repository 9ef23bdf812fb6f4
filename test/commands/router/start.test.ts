import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixture, readFixture} from '../../helpers/fixtures.js'
import {oneLine, runSni} from '../../helpers/run-sni.js'
import {readRouterState} from '../../../src/router/router-state.js'
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
    assert.equal(
      run.stderr,
      ' ›   Error: Cannot listen on 10.255.255.1: it is not an address of this machine.\n ›   Try this: Use --host 127.0.0.1.\n',
    )
  })

  it('refuses a port out of range (exit 2)', async () => {
    const run = await runSni(['router:start', '--port', '70000'], {env})
    assert.equal(run.exitCode, 2)
  })

  it('a port in use: exit 2 with a hint', async () => {
    const first = await startRouterProcess([], env)
    const otherHome = mkdtempSync(join(tmpdir(), 'sni-router-cmd-other-'))
    try {
      const run = await runSni(['router:start', '--port', String(first.port)], {
        env: {SNI_HOME: otherHome, SNI_PLATFORM: 'local'},
      })
      assert.equal(run.exitCode, 2)
      assert.match(run.stderr, new RegExp(`Port ${first.port} on 127\\.0\\.0\\.1 is already in use`))
    } finally {
      assert.equal(await first.stop('SIGINT'), 0)
      rmSync(otherHome, {force: true, recursive: true})
    }
  })

  it("a second router on the same store refuses to start (exit 2), naming the first one's address and pid; the first keeps serving", async () => {
    const first = await startRouterProcess([], env)
    try {
      const [human, json] = await Promise.all([
        runSni(['router:start', '--port', '0'], {env}),
        runSni(['router:start', '--port', '0', '--json'], {env}),
      ])
      assert.equal(human.exitCode, 2)
      assert.match(
        oneLine(human.stderr),
        new RegExp(
          `A router is already running for this store: https://127\\.0\\.0\\.1:${first.port} \\(pid ${first.child.pid}\\)\\.`,
        ),
      )
      assert.doesNotMatch(human.stderr, /Router listening/)
      assert.deepEqual(JSON.parse(json.stdout).error.code, 'ROUTER_ALREADY_RUNNING')
      assert.equal(readRouterState(home)?.pid, first.child.pid, 'router.json still names the first router')
      const check = await runSni(['certs:check', 'www.example.com', '--json'], {env})
      assert.notEqual(
        JSON.parse(check.stdout).error?.code,
        'ROUTER_NOT_RUNNING',
        'certs:check still finds the first router',
      )
    } finally {
      assert.equal(await first.stop('SIGTERM'), 0)
    }

    assert.equal(readRouterState(home), undefined)
  })

  it('a router killed with SIGKILL leaves no lock behind: the next one starts and takes over router.json', async () => {
    const killed = await startRouterProcess([], env)
    assert.equal(await killed.stop('SIGKILL'), 128)
    assert.equal(
      JSON.parse(readFileSync(join(home, 'router.json'), 'utf8')).pid,
      killed.child.pid,
      'its router.json was left behind',
    )
    assert.equal(readRouterState(home), undefined, 'and is known to be stale')
    const next = await startRouterProcess([], env)
    try {
      assert.equal(readRouterState(home)?.pid, next.child.pid)
    } finally {
      assert.equal(await next.stop('SIGTERM'), 0)
    }
  })

  it('--json: the request log is JSON lines on stdout; the listening line stays on stderr', async () => {
    assert.equal((await runSni(['domains:add', 'www.example.com', '-a', 'shop'], {env})).exitCode, 0)
    const added = await runSni(
      [
        'certs:add',
        fixture('chain-in-order.pem'),
        fixture('leaf-rsa2048.key'),
        '-a',
        'shop',
        '--domains',
        'www.example.com',
      ],
      {env},
    )
    assert.equal(added.exitCode, 0, added.stderr)
    const router = await startRouterProcess(['--json'], env)
    const {request} = await import('node:https')
    for (const servername of ['www.example.com', 'nope.example.com']) {
      await new Promise<void>((resolve) => {
        const req = request(
          {
            agent: false,
            ca: readFixture('root-ca.crt'),
            headers: {host: servername},
            host: '127.0.0.1',
            path: '/x',
            port: router.port,
            servername,
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve())
          },
        )
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
    assert.match(
      router.stderr(),
      /TLS handshake from 127\.0\.0\.1 refused \(SNI nope\.example\.com\): no certificate serves this name/,
    )
  })
})
