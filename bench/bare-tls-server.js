// The router benchmark's reference: a bare node:tls server holding the same certificate and key as
// the router's endpoint, doing nothing but handshakes. Prints its port, serves until stdin closes.
// Usage: node bench/bare-tls-server.js CHAIN KEY
import {readFileSync} from 'node:fs'
import {createServer} from 'node:tls'

const [chain, key] = process.argv.slice(2)
const server = createServer({cert: readFileSync(chain), key: readFileSync(key)}, (socket) =>
  socket.on('error', () => {}),
)
server.on('tlsClientError', () => {})
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`))
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
