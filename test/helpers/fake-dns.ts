import {createSocket, type Socket as UdpSocket} from 'node:dgram'
import {readdirSync, readFileSync} from 'node:fs'
import {createServer, type Server, type Socket} from 'node:net'
import {join} from 'node:path'

const TYPE_A = 1
const TYPE_TXT = 16
const RCODE_NXDOMAIN = 3

function readName(message: Buffer, offset: number): {name: string; end: number} {
  const labels: string[] = []
  let at = offset
  for (let length = message[at] ?? 0; length > 0; length = message[at] ?? 0) {
    labels.push(message.subarray(at + 1, at + 1 + length).toString('latin1'))
    at += length + 1
  }

  return {end: at + 1, name: labels.join('.').toLowerCase()}
}

function record(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12)
  head.writeUInt16BE(0xc00c, 0) // the question's name
  head.writeUInt16BE(type, 2)
  head.writeUInt16BE(1, 4) // IN
  head.writeUInt32BE(0, 6) // TTL 0: nothing is cached between tests
  head.writeUInt16BE(rdata.length, 10)
  return Buffer.concat([head, rdata])
}

/**
 * A loopback DNS server for ACME tests (UDP and TCP, as pebble's VA may use either): `A 127.0.0.1`
 * for every name except those marked missing (NXDOMAIN), no AAAA (so validation stays on
 * 127.0.0.1), and TXT records from files in `txtDir` named after the record
 * (`_acme-challenge.example.org`, one value per line), which is what the DNS-01 test hook writes.
 */
export class FakeDns {
  readonly #missing = new Set<string>()
  readonly #udp: UdpSocket
  readonly #tcp: Server
  readonly #sockets = new Set<Socket>()
  port = 0

  private constructor(readonly txtDir: string) {
    this.#udp = createSocket('udp4')
    this.#tcp = createServer((socket) => this.#serveTcp(socket))
  }

  static async start(txtDir: string): Promise<FakeDns> {
    const dns = new FakeDns(txtDir)
    await new Promise<void>((resolve) => dns.#udp.bind(0, '127.0.0.1', resolve))
    dns.port = dns.#udp.address().port
    dns.#udp.on('message', (message, peer) => dns.#udp.send(dns.answer(message), peer.port, peer.address))
    await new Promise<void>((resolve, reject) => {
      dns.#tcp.once('error', reject)
      dns.#tcp.listen(dns.port, '127.0.0.1', resolve)
    })
    return dns
  }

  /** The name now answers NXDOMAIN (a domain "pointing nowhere"); `false` restores it. */
  setMissing(name: string, missing = true): void {
    if (missing) this.#missing.add(name.toLowerCase())
    else this.#missing.delete(name.toLowerCase())
  }

  answer(query: Buffer): Buffer {
    const {end, name} = readName(query, 12)
    const type = query.readUInt16BE(end)
    let rcode = 0
    const answers: Buffer[] = []
    if (this.#missing.has(name)) rcode = RCODE_NXDOMAIN
    else if (type === TYPE_A) answers.push(record(TYPE_A, Buffer.from([127, 0, 0, 1])))
    else if (type === TYPE_TXT) {
      for (const value of this.#txt(name))
        answers.push(record(TYPE_TXT, Buffer.concat([Buffer.from([value.length]), Buffer.from(value, 'latin1')])))
    }

    const header = Buffer.alloc(12)
    header.writeUInt16BE(query.readUInt16BE(0), 0)
    header.writeUInt16BE(0x8180 | rcode, 2) // response, recursion desired and available
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answers.length, 6)
    return Buffer.concat([header, query.subarray(12, end + 4), ...answers])
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await Promise.all([
      new Promise<void>((resolve) => this.#udp.close(() => resolve())),
      new Promise<void>((resolve) => this.#tcp.close(() => resolve())),
    ])
  }

  #txt(name: string): string[] {
    if (!readdirSync(this.txtDir).includes(name)) return []
    return readFileSync(join(this.txtDir, name), 'utf8').split('\n').filter(Boolean)
  }

  #serveTcp(socket: Socket): void {
    this.#sockets.add(socket)
    socket.once('close', () => this.#sockets.delete(socket))
    let buffered = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0)
        const reply = this.answer(buffered.subarray(2, 2 + length))
        buffered = buffered.subarray(2 + length)
        const prefix = Buffer.alloc(2)
        prefix.writeUInt16BE(reply.length, 0)
        socket.write(Buffer.concat([prefix, reply]))
      }
    })
    socket.on('error', () => socket.destroy())
  }
}
