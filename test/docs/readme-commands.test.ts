import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'

import {checkCommandLines, extractCommands} from '../helpers/hint-check.js'

// A README example crashed (certs:generate --dir in a new directory). Every sni command line the
// README shows must at least be accepted by the parser as written; the examples that create files
// run for real in the command tests (certs:generate's README example in generate.test.ts).
describe('README.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    // `npx sni ...` runs the same command
    .replaceAll('npx sni ', 'sni ')
    // headings and the table of contents of the generated reference name commands by their synopsis
    .split('\n')
    .filter((line) => !/^(#+ |\* \[)/.test(line))
    .join('\n')

  it('shows only sni commands that parse as written, in a form that can be copied', async () => {
    const {commands, stray} = extractCommands(readme)
    assert.ok(commands.length >= 30, `only ${commands.length} commands found`)
    assert.deepEqual(stray, [])
    assert.deepEqual(await checkCommandLines(commands.map((command) => ({command}))), [])
  })
})
