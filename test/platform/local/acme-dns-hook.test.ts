import assert from 'node:assert/strict'
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {runDnsHook} from '../../../src/platform/local/acme-dns-hook.js'

describe('the DNS-01 hook', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-dns-hook-'))
  })
  afterEach(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  const call = {
    domain: 'example.com',
    recordName: '_acme-challenge.example.com',
    recordValue: 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0',
  }

  it("gets the action, record name and value as arguments, and in SNI_ACME_* and certbot's CERTBOT_* variables", async () => {
    const out = join(dir, 'out')
    const hook = join(dir, 'hook.sh')
    writeFileSync(
      hook,
      `#!/bin/sh\necho "$1 $2 $3 $SNI_ACME_ACTION $SNI_ACME_DOMAIN $SNI_ACME_RECORD_NAME $SNI_ACME_RECORD_VALUE $CERTBOT_DOMAIN $CERTBOT_VALIDATION" >> ${out}\n`,
    )
    chmodSync(hook, 0o755)
    await runDnsHook(hook, {...call, action: 'publish'})
    await runDnsHook(`${hook} --flag`, {...call, action: 'cleanup'})
    const v = call.recordValue
    assert.equal(
      readFileSync(out, 'utf8'),
      `publish ${call.recordName} ${v} publish example.com ${call.recordName} ${v} example.com ${v}\n--flag cleanup ${call.recordName} cleanup example.com ${call.recordName} ${v} example.com ${v}\n`,
    )
  })

  it('a failing hook rejects with its exit status and last line of stderr; a hung one is stopped', async () => {
    await assert.rejects(
      runDnsHook('echo "zone example.com not found" >&2; exit 3; :', {...call, action: 'publish'}),
      /the DNS hook \(publish _acme-challenge\.example\.com\) exited 3: zone example\.com not found/,
    )
    await assert.rejects(runDnsHook('sleep 5; :', {...call, action: 'publish'}, 100), /did not finish within 0\.1 s/)
  })
})
