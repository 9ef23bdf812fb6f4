import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {connect, type PeerCertificate} from 'node:tls'
import {fileURLToPath} from 'node:url'

import {fixture} from '../helpers/fixtures.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const tsxLoader = import.meta.resolve('tsx')

export interface RouterProcess {
  child: ChildProcessWithoutNullStreams
  port: number
  stdout(): string
  stderr(): string
  /**
   * Resolves with stdout once `done(stdout)` holds. The router logs a request when its response has
   * ended, which can be after the client has its answer: wait for the line, never a fixed time.
   */
  waitForStdout(done: (stdout: string) => boolean, timeoutMs?: number): Promise<string>
  /** Sends the signal and resolves with the exit code (or 128 + n when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number>
}

/**
 * Starts `sni router:start --port 0 ...` (bin/run.js through tsx, as runSni does; `--port` in args
 * replaces the 0) and resolves once it prints its listening line, with the port it picked.
 */
export async function startRouterProcess(args: string[], env: Record<string, string>): Promise<RouterProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsxLoader,
      join(root, 'bin', 'run.js'),
      'router:start',
      ...(args.includes('--port') ? [] : ['--port', '0']),
      ...args,
    ],
    {
      cwd: root,
      env: {...process.env, NODE_ENV: 'test', NO_COLOR: '1', ...env},
      stdio: 'pipe',
    },
  )
  let stdout = ''
  let stderr = ''
  const stdoutWaiters = new Set<() => void>()
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    for (const check of stdoutWaiters) check()
  })
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  )
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`router did not start; stderr: ${stderr}`)), 30_000)
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /Router listening on https:\/\/127\.0\.0\.1:(\d+) /.exec(stderr)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`router exited ${code} before listening; stderr: ${stderr}`))
    })
  })
  return {
    child,
    port,
    stderr: () => stderr,
    stdout: () => stdout,
    waitForStdout(done, timeoutMs = 10_000) {
      return new Promise<string>((resolve, reject) => {
        const check = (): void => {
          if (!done(stdout)) return
          stdoutWaiters.delete(check)
          clearTimeout(timer)
          resolve(stdout)
        }

        const timer = setTimeout(() => {
          stdoutWaiters.delete(check)
          reject(
            new Error(`the router's stdout did not show what was expected within ${timeoutMs} ms; stdout: ${stdout}`),
          )
        }, timeoutMs)
        stdoutWaiters.add(check)
        check()
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

export interface HandshakeResult {
  certificate?: PeerCertificate
  protocol?: string | null
  error?: NodeJS.ErrnoException
}

/** One fresh TLS handshake (no session reuse) to 127.0.0.1:port with the given SNI name. */
export function handshake(
  port: number,
  servername: string | undefined,
  options: {ciphers?: string; maxVersion?: 'TLSv1.2' | 'TLSv1.3'} = {},
): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const socket = connect({
      ca: readFileSync(fixture('root-ca.crt')),
      ciphers: options.ciphers,
      host: '127.0.0.1',
      maxVersion: options.maxVersion,
      port,
      rejectUnauthorized: servername !== undefined,
      servername,
    })
    socket.once('secureConnect', () => {
      resolve({certificate: socket.getPeerCertificate(), protocol: socket.getProtocol()})
      socket.destroy()
    })
    socket.once('error', (error) => resolve({error}))
  })
}

/** SHA-256 fingerprint of a fixture certificate, as PeerCertificate#fingerprint256 shows it. */
export function fixtureFingerprint(name: string): string {
  return new X509Certificate(readFileSync(fixture(name))).fingerprint256
}
