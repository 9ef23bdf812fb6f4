import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixturesDir} from '../helpers/fixtures.js'
import {chainInput, withLocalClient} from '../helpers/local-store.js'
import {hasScript, runInTerminal} from '../helpers/run-in-terminal.js'

// The confirmation prompt of certs:remove in a real pseudo-terminal: CI=true and --json turn it off
// (a CI runner that allocates a pty must not hang), and only a matching answer gets a check mark.
describe('prompts on a terminal', function () {
  let home: string
  let name: string
  before(function () {
    if (!hasScript) this.skip()
  })
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'sni-prompts-'))
    await withLocalClient(home, async (client) => {
      name = (await client.createSniEndpoint('shop', chainInput('chain-in-order.pem', 'leaf-rsa2048.key'))).name
    })
  })
  afterEach(() => rmSync(home, {force: true, recursive: true}))

  const remove = (extra: string[] = []) => ['certs:remove', '--app', 'shop', '--name', name, ...extra]
  const run = (args: string[], options: {answers?: Array<[string, string]>; env?: Record<string, string>} = {}) =>
    runInTerminal(args, {
      answers: options.answers,
      cwd: fixturesDir,
      env: {SNI_HOME: home, SNI_PLATFORM: 'local', ...options.env},
    })

  it('does not prompt under CI=true, and says so (exit 9, nothing removed)', async () => {
    const [ci, ciOne] = await Promise.all([run(remove(), {env: {CI: 'true'}}), run(remove(), {env: {CI: '1'}})])
    for (const result of [ci, ciOne]) {
      assert.equal(result.exitCode, 9, result.output)
      assert.doesNotMatch(result.output, /To proceed/)
      assert.match(
        result.output,
        /certs:remove needs confirmation and CI is set, so sni never prompts; nothing was changed\./,
      )
    }

    await withLocalClient(home, async (client) => {
      assert.equal((await client.listSniEndpoints('shop')).length, 1)
    })
  })

  it('does not prompt with --json on a terminal, and says that --json is why', async () => {
    const result = await run(remove(['--json']))
    assert.equal(result.exitCode, 9, result.output)
    assert.doesNotMatch(result.output, /To proceed/)
    assert.match(
      result.output,
      /"message": "certs:remove needs confirmation and --json was given, so sni never prompts; nothing was changed\."/,
    )
    assert.doesNotMatch(result.output, /no terminal/)
  })

  it('marks a wrong answer with ✗, never a check mark, and a right one with ✓', async () => {
    const wrong = await run(remove(), {answers: [['To proceed, type shop', 'shopp']]})
    const right = await run(remove(), {answers: [['To proceed, type shop', 'shop']]})
    assert.equal(wrong.exitCode, 9, wrong.output)
    assert.match(wrong.output, / › {3}Warning: Destructive Action - you cannot roll back this change\./)
    assert.doesNotMatch(wrong.output, /Warning: WARNING/)
    assert.match(wrong.output, /shopp ✗ \(not\s+shop\)/) // the pty is 80 columns wide
    assert.doesNotMatch(wrong.output, /✔/)
    assert.match(wrong.output, /Confirmation did not match shop\. Aborted\./)
    assert.equal(right.exitCode, 0, right.output)
    assert.match(right.output, /shop ✓/)
    assert.doesNotMatch(right.output, /✔/)
  })
})
