/**
 * Where the bench's commands send their answers (`response_url`): a process of its own
 * that reads each POST and answers 200, so receiving thousands of answers a second does
 * not slow the load tool that measures the acks. Prints its port.
 */
import { createServer } from 'node:http';

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') received++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(req.method === 'GET' ? String(received) : 'ok');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
