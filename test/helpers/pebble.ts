import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {get} from 'node:https'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {writeOpensslEcCertificate} from './openssl-self-signed.js'

/** Debian's pebble (apt-get install pebble; .ci/run installs it), or undefined when it is not installed. */
export function findPebble(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v pebble'], {encoding: 'utf8'})
  const path = found.stdout.trim()
  return found.status === 0 && path !== '' ? path : undefined
}

/** A port that was free a moment ago (listen on 0, then close). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function fetchText(url: string, ca: string): Promise<{status: number; text: string}> {
  return new Promise((resolve, reject) => {
    get(url, {ca}, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({status: response.statusCode ?? 0, text}))
    }).on('error', reject)
  })
}

export interface PebbleOptions {
  /** Where the config, the listener CA and key go. */
  dir: string
  dnsPort: number
  /** Ports where pebble's VA connects for HTTP-01 and TLS-ALPN-01: the router's. */
  httpPort: number
  tlsPort: number
  /** Seconds; pebble's default is five years. */
  certificateValidityPeriod?: number
  /** External account binding keys (kid -> base64url HMAC key); when given, every new account needs one. */
  eabKeys?: Record<string, string>
}

export interface Pebble {
  directoryUrl: string
  /** The listener CA (PEM file): NODE_EXTRA_CA_CERTS for sni and the router. */
  listenerCaFile: string
  /** Pebble's ACME root of this run (it changes at every start). */
  rootPem: string
  stop(): Promise<void>
}

/**
 * Starts Debian's pebble on loopback: free ports, a listener certificate made here with openssl (the
 * package ships none), names resolved through the test's DNS server, and the random behaviours
 * pinned (no VA sleep, no nonce rejection, no authorization reuse). Resolves once `/dir` and
 * `/roots/0` answer.
 */
export async function startPebble(options: PebbleOptions): Promise<Pebble> {
  const key = join(options.dir, 'pebble-key.pem')
  const cert = join(options.dir, 'pebble-cert.pem')
  writeOpensslEcCertificate(
    {cert, key},
    {days: 2, subject: '/CN=pebble listener', subjectAltName: 'DNS:localhost,IP:127.0.0.1'},
  )
  const [acmePort, managementPort] = [await freePort(), await freePort()]
  const config = join(options.dir, 'pebble-config.json')
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        certificate: cert,
        certificateValidityPeriod: options.certificateValidityPeriod,
        externalAccountBindingRequired: options.eabKeys !== undefined,
        externalAccountMACKeys: options.eabKeys,
        httpPort: options.httpPort,
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        ocspResponderURL: '',
        privateKey: key,
        tlsPort: options.tlsPort,
      },
    }),
  )
  const child: ChildProcess = spawn(
    'pebble',
    ['-config', config, '-dnsserver', `127.0.0.1:${options.dnsPort}`, '-strict=false'],
    {
      env: {...process.env, PEBBLE_AUTHZREUSE: '0', PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0'},
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const ca = readFileSync(cert, 'utf8')
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`
  const deadline = Date.now() + 15_000
  let rootPem = ''
  while (rootPem === '') {
    if (child.exitCode !== null) throw new Error(`pebble exited ${child.exitCode}: ${log}`)
    if (Date.now() > deadline) throw new Error(`pebble did not start within 15 s: ${log}`)
    try {
      const [dir, root] = await Promise.all([
        fetchText(directoryUrl, ca),
        fetchText(`https://127.0.0.1:${managementPort}/roots/0`, ca),
      ])
      if (dir.status === 200 && root.status === 200) rootPem = root.text
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  return {
    directoryUrl,
    listenerCaFile: cert,
    rootPem,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
