import {Config} from '@oclif/core'
import {tsPath} from '@oclif/core/config'
import assert from 'node:assert/strict'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {COMMANDS} from '../../src/commands.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

// package.json points oclif at ./dist/commands.js (explicit command discovery). In the tests oclif
// must map that to src/commands.ts through tsx: a dist/ left by `npm run build` or by the packed
// package's bundle (scripts/bundle.js) would otherwise be run instead of the sources, and the tests
// would pass on stale code. (help.test.ts checks that every file in src/commands/ is registered.)
describe('command registry (src/commands.ts)', () => {
  let nodeEnv: string | undefined
  before(() => {
    nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'test'
  })
  after(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  })

  it('is what oclif loads in the tests: src/commands.ts, not a build in dist/', async () => {
    const config = await Config.load(root)
    const {target} = config.pjson.oclif.commands as {target: string}
    assert.equal(target, './dist/commands.js')
    assert.equal(await tsPath(root, target, config.plugins.get(config.pjson.name)), join(root, 'src', 'commands'))
    // oclif imports it again through its own tsx registration (another module instance): same commands.
    for (const [id, command] of Object.entries(COMMANDS)) {
      const loaded = await config.findCommand(id, {must: true}).load()
      assert.equal(loaded.name, command.name, id)
      assert.equal(loaded.summary, command.summary, id)
    }
  })
})
