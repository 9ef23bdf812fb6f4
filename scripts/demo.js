#!/usr/bin/env node
// The main job on the embedded local platform, in a throw-away SNI_HOME and working directory:
// generate a certificate, add two domains, add the certificate with --domains, then list it.
// Every command's real output is shown as a user would see it.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = mkdtempSync(join(tmpdir(), 'sni-demo-'))
const env = {...process.env, SNI_HOME: join(work, 'home'), SNI_PLATFORM: 'local'}
delete env.SNI_KEY_PASSPHRASE

function sni(args, {allowFailure = false} = {}) {
  console.log(`\n$ sni ${args.join(' ')}`)
  const result = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...args], {cwd: work, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe']})
  const stderr = result.stderr.trimEnd()
  if (stderr) console.log(stderr.replace(/^/gm, '(stderr) '))
  if (result.stdout) process.stdout.write(result.stdout)
  if (result.status !== 0 && !allowFailure) {
    console.error(`\ndemo: "sni ${args.join(' ')}" exited ${result.status}`)
    process.exit(1)
  }

  return result
}

console.log(`Demo in ${work} (SNI_HOME=${env.SNI_HOME})`)
try {
  sni(['certs:generate', 'www.example.com', '--selfsigned', '--san', 'example.com', '--now'])
  sni(['certs:inspect', 'www.example.com.crt', 'www.example.com.key'])
  sni(['domains:add', 'www.example.com', '--app', 'example-app'])
  sni(['domains:add', 'example.com', '--app', 'example-app'])
  sni(['certs:add', 'www.example.com.crt', 'www.example.com.key', '--app', 'example-app', '--domains', 'www.example.com,example.com'])
  sni(['certs', '--app', 'example-app'])
  sni(['certs:info', '--app', 'example-app'])
  sni(['domains', '--app', 'example-app'])
  console.log('\nA wrong key is refused before anything is stored (exit 3):')
  sni(['certs:generate', 'other.example.org', '--selfsigned', '--now'])
  const refused = sni(['certs:add', 'www.example.com.crt', 'other.example.org.key', '--app', 'example-app'], {allowFailure: true})
  console.log(`(exit code ${refused.status})`)
} finally {
  rmSync(work, {force: true, recursive: true})
}
