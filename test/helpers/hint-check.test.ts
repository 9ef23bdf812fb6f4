import assert from 'node:assert/strict'

import {checkCommandLines, extractCommands, shellWords} from './hint-check.js'

// The checker behind the suite-wide hint check (setup.ts): it must find commands in each printed form
// and refuse what sni's parser refuses, or the suite-wide check proves nothing.
describe('hint check', () => {
  it('finds commands in backticks, on their own line and in JSON strings, and reports other mentions', () => {
    assert.deepEqual(
      extractCommands('Run `sni certs --app shop` to check; `sni domains:info a.example --app shop` too.'),
      {
        commands: ['sni certs --app shop', 'sni domains:info a.example --app shop'],
        stray: [],
      },
    )
    assert.deepEqual(
      extractCommands(
        'Next, run:\n$ sni certs:add a.crt a.key --app APP\n  sni domains:update a.example --cert x --app y\n      resume with: sni domains:update b.example --cert x --app y',
      ),
      {
        commands: [
          'sni certs:add a.crt a.key --app APP',
          'sni domains:update a.example --cert x --app y',
          'sni domains:update b.example --cert x --app y',
        ],
        stray: [],
      },
    )
    assert.deepEqual(
      extractCommands(
        JSON.stringify({error: {hint: 'Use `sni certs --app shop`.'}, nextStep: 'sni certs:add a.crt a.key --app APP'}),
      ).commands.sort(),
      ['sni certs --app shop', 'sni certs:add a.crt a.key --app APP'],
    )
    assert.deepEqual(extractCommands('(pending: see sni domains:info)').stray, ['sni domains:info'])
    assert.deepEqual(
      extractCommands('  $ sni certs:add CRT KEY -a <value> [--json]').commands,
      [],
      'a usage synopsis is not a command',
    )
  })

  it('splits words as a shell does', () => {
    assert.deepEqual(shellWords(`sni domains:add '*.example.com' --cert "a b" x\\ y`), [
      'sni',
      'domains:add',
      '*.example.com',
      '--cert',
      'a b',
      'x y',
    ])
  })

  it('accepts what parses and refuses missing flags, unknown commands and placeholders sni could have filled', async () => {
    const problems = await checkCommandLines([
      {command: 'sni certs --app shop'},
      {command: 'sni certs:add CRT KEY --app shop'},
      {command: 'sni help certs:add'},
      {command: 'sni domains:update www.example.com'},
      {command: 'sni domains:update www.example.com --cert NAME --app shop'},
      {command: 'sni cert:add a b --app shop'},
      {command: 'sni certs --app shop --bogus'},
      {command: 'sni domains --app shop --csv > shop-domains.csv'},
      {command: 'sni domains --app shop --csv > shop-domains.csv extra'},
    ])
    assert.equal(problems.length, 5, problems.join('\n'))
    assert.match(
      problems[0] ?? '',
      /^`sni domains:update www\.example\.com`: rejected by the parser: (Missing required flag|The following errors? occurred)/,
    )
    assert.match(problems[1] ?? '', /placeholder NAME where sni knows the value/)
    assert.match(problems[2] ?? '', /unknown command cert:add/)
    assert.match(problems[3] ?? '', /Nonexistent flag: --bogus/)
    assert.match(
      problems[4] ?? '',
      /^`sni domains --app shop --csv > shop-domains\.csv extra`: rejected by the parser: Unexpected arguments: >/,
      "only a redirection at the end is the shell's",
    )
  })
})
