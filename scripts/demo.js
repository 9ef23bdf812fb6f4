#!/usr/bin/env node
// The main job on the embedded local platform, in a throw-away SNI_HOME and working directory:
// generate a certificate, add two domains, add the certificate with --domains, then list it.
// Every command's real output is shown as a user would see it.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {get} from 'node:https'
import {createServer} from 'node:net'
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
  const result = spawnSync(command, args, {
    cwd: work,
    encoding: 'utf8',
    input: input ?? '',
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  if (result.error) console.log(`(${command} is not available: ${result.error.message})`)
  else process.stdout.write(result.stdout + result.stderr)
}

/**
 * The local router serves the certificate for real: `certs:check` verifies it, and so do curl and
 * openssl s_client, the checks Heroku's documentation asks users to run by hand.
 */
async function serveAndCheck() {
  console.log('\n$ sni router:start --port 0 &')
  const router = spawn(process.execPath, [join(root, 'bin', 'run.js'), 'router:start', '--port', '0'], {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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
    show('curl', [
      '-sS',
      '--connect-to',
      `www.example.com:443:127.0.0.1:${port}`,
      '--cacert',
      'www.example.com.crt',
      'https://www.example.com/',
    ])
    show('openssl', [
      's_client',
      '-connect',
      `127.0.0.1:${port}`,
      '-servername',
      'example.com',
      '-CAfile',
      'www.example.com.crt',
      '-brief',
    ])
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

function sni(args, {allowFailure = false, extraEnv = {}} = {}) {
  console.log(`\n$ sni ${args.join(' ')}`)
  const result = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: {...env, ...extraEnv},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stderr = result.stderr.trimEnd()
  if (stderr) console.log(stderr.replace(/^/gm, '(stderr) '))
  if (result.stdout) process.stdout.write(result.stdout)
  if (result.status !== 0 && !allowFailure) {
    console.error(`\ndemo: "sni ${args.join(' ')}" exited ${result.status}`)
    process.exit(1)
  }

  return result
}

async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

function waitForLine(child, pattern, what) {
  let text = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${text}`)), 15_000)
    const onData = (chunk) => {
      text += chunk
      if (pattern.test(text)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}: ${text}`)))
  })
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/**
 * Automated Certificate Management for real, offline: Debian's pebble as the CA and
 * pebble-challtestsrv as its DNS (every name is 127.0.0.1), the router answering HTTP-01.
 * Skipped when pebble is not installed (the README shows the same steps as a recipe).
 */
async function acmWithPebble() {
  if (spawnSync('sh', ['-c', 'command -v pebble && command -v pebble-challtestsrv'], {stdio: 'ignore'}).status !== 0) {
    console.log(
      "\n(ACM step skipped: Debian's pebble is not installed; apt-get install pebble, or see the README's pebble recipe.)",
    )
    return
  }

  console.log('\nAutomated Certificate Management against a local ACME CA (pebble), offline:')
  const [acme, management, dns, challManagement, tls, http] = await Promise.all(
    [1, 2, 3, 4, 5, 6].map(() => freePort()),
  )
  spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      'pebble-key.pem',
      '-out',
      'pebble-cert.pem',
    ],
    {cwd: work, stdio: 'ignore'},
  )
  writeFileSync(
    join(work, 'pebble.json'),
    JSON.stringify({
      pebble: {
        certificate: 'pebble-cert.pem',
        httpPort: http,
        listenAddress: `127.0.0.1:${acme}`,
        managementListenAddress: `127.0.0.1:${management}`,
        privateKey: 'pebble-key.pem',
        tlsPort: tls,
      },
    }),
  )
  const children = []
  const launch = (command, args, extraEnv = {}) => {
    const child = spawn(command, args, {cwd: work, env: {...env, ...extraEnv}, stdio: ['ignore', 'pipe', 'pipe']})
    children.push(child)
    return child
  }

  const caEnv = {NODE_EXTRA_CA_CERTS: join(work, 'pebble-cert.pem')}
  try {
    const challtest = launch('pebble-challtestsrv', [
      '-dns01',
      `127.0.0.1:${dns}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-management',
      `127.0.0.1:${challManagement}`,
      '-defaultIPv4',
      '127.0.0.1',
      '-defaultIPv6',
      '',
    ])
    await waitForLine(challtest, /Starting challenge servers/, 'pebble-challtestsrv')
    const pebble = launch('pebble', ['-config', 'pebble.json', '-dnsserver', `127.0.0.1:${dns}`], {
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: '0',
    })
    await waitForLine(pebble, /directory available|Listening on/i, 'pebble')
    console.log(`$ sni router:start --port ${tls} --http-port ${http} &   # with NODE_EXTRA_CA_CERTS=pebble-cert.pem`)
    const router = launch(
      process.execPath,
      [join(root, 'bin', 'run.js'), 'router:start', '--port', String(tls), '--http-port', String(http)],
      caEnv,
    )
    await waitForLine(router, /Router listening/, 'the router')
    sni(['domains:add', 'acme.example.org', '--app', 'acm-app'])
    sni(['certs:auto:enable', '--app', 'acm-app', '--acme-directory', `https://127.0.0.1:${acme}/dir`, '--wait'], {
      extraEnv: caEnv,
    })
    const pebbleRoot = await new Promise((resolve, reject) => {
      get(`https://127.0.0.1:${management}/roots/0`, {ca: readFileSync(join(work, 'pebble-cert.pem'))}, (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => resolve(body))
      }).on('error', reject)
    })
    writeFileSync(join(work, 'pebble-root.pem'), pebbleRoot)
    sni(['certs:check', 'acme.example.org', '--app', 'acm-app', '--ca', 'pebble-root.pem'])
    sni(['certs', '--app', 'acm-app'])
  } finally {
    for (const child of children.reverse()) await stop(child)
  }
}

console.log(`Demo in ${work} (SNI_HOME=${env.SNI_HOME})`)
try {
  sni(['certs:generate', 'www.example.com', '--selfsigned', '--san', 'example.com', '--now'])
  sni(['certs:inspect', 'www.example.com.crt', 'www.example.com.key'])
  sni(['domains:add', 'www.example.com', '--app', 'example-app'])
  sni(['domains:add', 'example.com', '--app', 'example-app'])
  sni([
    'certs:add',
    'www.example.com.crt',
    'www.example.com.key',
    '--app',
    'example-app',
    '--domains',
    'www.example.com,example.com',
  ])
  sni(['certs', '--app', 'example-app'])
  sni(['certs:info', '--app', 'example-app'])
  sni(['domains', '--app', 'example-app'])
  await serveAndCheck()
  await acmWithPebble()
  console.log('\nA wrong key is refused before anything is stored (exit 3):')
  sni(['certs:generate', 'other.example.org', '--selfsigned', '--now'])
  const refused = sni(['certs:add', 'www.example.com.crt', 'other.example.org.key', '--app', 'example-app'], {
    allowFailure: true,
  })
  console.log(`(exit code ${refused.status})`)
} finally {
  rmSync(work, {force: true, recursive: true})
}
