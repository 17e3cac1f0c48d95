/**
 * The stdio transport, with a reader of our own: the JSON-RPC reader cannot resynchronise after a frame whose
 * header lacks `Content-Length` (it would go on reading, answering nothing). The server then exits with a message
 * on stderr, and the client restarts it (VS Code's client does). IPC and sockets keep the library's defaults.
 */
import { StreamMessageReader, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

export function stdioTransport(argv: string[] = process.argv): [MessageReader, MessageWriter] | [] {
  if (!argv.includes('--stdio')) return [];
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((e) => {
    process.stderr.write(`dind-doctor: unreadable message from the client (${String(e?.message ?? e).split('\n')[0]}); exiting so that the client can restart the server\n`);
    process.exit(1);
  });
  // the library ends the process when its own stdin closes; with our reader that is ours to do
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  return [reader, writer];
}
