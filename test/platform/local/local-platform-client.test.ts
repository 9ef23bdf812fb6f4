import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {openLocalPlatformClient} from '../../../src/platform/local/local-platform-client.js'
import {runPlatformContract} from '../contract.js'

runPlatformContract('local', async () => {
  const home = mkdtempSync(join(tmpdir(), 'sni-contract-'))
  const client = openLocalPlatformClient({home})
  return {
    client,
    async teardown() {
      client.close()
      rmSync(home, {force: true, recursive: true})
    },
  }
})
