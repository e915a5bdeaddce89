// Free TCP ports on 127.0.0.1, for servers a test starts on a port it must know beforehand
// (a child redis-server; a tracelite whose UI empty state shows its configured ports).
import net from 'node:net';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
