#!/usr/bin/env node
// The main job on the embedded local platform, in a throw-away SNI_HOME and working directory:
// generate a certificate, add two domains, add the certificate with --domains, then list it.
// Every command's real output is shown as a user would see it.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = mkdtempSync(join(tmpdir(), 'sni-demo-'))
const env = {...process.env, SNI_HOME: join(work, 'home'), SNI_PLATFORM: 'local'}
delete env.SNI_KEY_PASSPHRASE

/** Shows a command that is not sni (curl, openssl) with its output. */
function show(command, args, input) {
  console.log(`\n$ ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, {cwd: work, encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe']})
  if (result.error) console.log(`(${command} is not available: ${result.error.message})`)
  else process.stdout.write(result.stdout + result.stderr)
}

/**
 * The local router serves the certificate for real: `certs:check` verifies it, and so do curl and
 * openssl s_client, the checks Heroku's documentation asks users to run by hand.
 */
async function serveAndCheck() {
  console.log('\n$ sni router:start --port 0 &')
  const router = spawn(process.execPath, [join(root, 'bin', 'run.js'), 'router:start', '--port', '0'], {cwd: work, env, stdio: ['ignore', 'pipe', 'pipe']})
  let log = ''
  let requests = ''
  router.stderr.on('data', (chunk) => {
    log += chunk
  })
  router.stdout.on('data', (chunk) => {
    requests += chunk
  })
  const port = await new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /listening on https:\/\/[^:]+:(\d+)/.exec(log)
      if (match) {
        clearInterval(poll)
        resolve(Number(match[1]))
      }
    }, 50)
    router.once('exit', (code) => {
      clearInterval(poll)
      reject(new Error(`router exited ${code}: ${log}`))
    })
  })
  try {
    sni(['certs:check', 'www.example.com', '--app', 'example-app', '--ca', 'www.example.com.crt', '--protocols'])
    show('curl', ['-sS', '--connect-to', `www.example.com:443:127.0.0.1:${port}`, '--cacert', 'www.example.com.crt', 'https://www.example.com/'])
    show('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'example.com', '-CAfile', 'www.example.com.crt', '-brief'])
  } finally {
    router.kill('SIGTERM')
    await new Promise((resolve) => {
      router.once('exit', resolve)
    })
    console.log(`\nThe router's own log (stdout: one line per request; stderr: start, refused handshakes, stop):`)
    console.log(requests.trimEnd())
    console.log(log.trimEnd().replace(/^/gm, '(stderr) '))
  }
}

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
  await serveAndCheck()
  console.log('\nA wrong key is refused before anything is stored (exit 3):')
  sni(['certs:generate', 'other.example.org', '--selfsigned', '--now'])
  const refused = sni(['certs:add', 'www.example.com.crt', 'other.example.org.key', '--app', 'example-app'], {allowFailure: true})
  console.log(`(exit code ${refused.status})`)
} finally {
  rmSync(work, {force: true, recursive: true})
}
