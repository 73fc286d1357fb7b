/**
 * The language server's entry: open the transport, route the console to it (stdout belongs to the protocol),
 * keep running through unexpected errors, and hand over to KpaServer. A transport that cannot be opened, or
 * a client stream that cannot be framed, ends the process with one line on stderr and exit code 2 (LSP_EXIT).
 */
import { createConnection as connectSocket, type Socket } from 'node:net';
import { format } from 'node:util';
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageWriter, type Connection, type MessageReader, type MessageWriter } from 'vscode-languageserver/node.js';
import { escapeControlCharacters } from '../host/display-text.js';
import { FrameReader, type FrameProblem } from './frame-reader.js';
import { MessageBacklog } from './message-backlog.js';
import { KpaServer, type ServerOptions } from './server.js';

export type Transport = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number };

/** How `kpa lsp` ends: the codes its help documents. */
export const LSP_EXIT = {
  /** After the client's shutdown request and exit notification. */
  shutdown: 0,
  /** The client exited, or closed the stream, without a shutdown request (LSP 3.17). */
  noShutdown: 1,
  /** The transport could not be opened, or the client sent a frame that cannot be read. */
  transport: 2,
} as const;

/** A transport problem the command reports as its one line (exit LSP_EXIT.transport). */
export class TransportError extends Error {}

interface Channel {
  reader: MessageReader;
  writer: MessageWriter;
}

/** Opens the transport: stdio at once, IPC when the parent gave a channel, a socket once it has connected. */
export async function openTransport(transport: Transport, onProblem: (problem: FrameProblem) => void): Promise<Channel> {
  switch (transport.kind) {
    case 'stdio':
      return { reader: new FrameReader(process.stdin, onProblem), writer: new StreamMessageWriter(process.stdout) };
    case 'node-ipc':
      if (!process.send) throw new TransportError('--node-ipc needs the IPC channel of a Node parent process (started with fork); use --stdio otherwise');
      return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
    case 'socket': {
      const socket = await connected(transport.port);
      return { reader: new FrameReader(socket, onProblem), writer: new StreamMessageWriter(socket) };
    }
  }
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectSocket(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (err: NodeJS.ErrnoException) =>
      reject(new TransportError(`no client to connect to on 127.0.0.1:${port} (${err.code ?? err.message}); the editor opens that port before starting kpa lsp --socket`));
    socket.once('error', onError);
  });
}

/** Points console.* at the connection, so a stray log never corrupts the protocol stream on stdout. */
export function routeConsole(connection: Connection): void {
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}

/** Starts serving on `connection`; resolves when the connection closes. */
export function startServer(connection: Connection, options: ServerOptions = {}): { server: KpaServer; closed: Promise<void> } {
  routeConsole(connection);
  const server = new KpaServer(connection, options);
  server.register();
  const closed = new Promise<void>((resolve) => connection.onExit(() => resolve()));
  // A bug in one handler must not take the editor's session down with it.
  process.on('uncaughtException', (err) => connection.console.error(escapeControlCharacters(`kpa: unexpected error: ${err.stack ?? err}`)));
  process.on('unhandledRejection', (err) => connection.console.error(escapeControlCharacters(`kpa: unexpected error: ${(err as Error)?.stack ?? err}`)));
  connection.listen();
  return { server, closed };
}

/**
 * Runs the server until the client goes away, then ends the process with an LSP_EXIT code. Throws
 * TransportError (before serving) when the transport cannot be opened.
 */
export async function runLanguageServer(transport: Transport, options: ServerOptions = {}): Promise<{ server: KpaServer; closed: Promise<void> }> {
  let connection: Connection | null = null;
  const onProblem = (problem: FrameProblem) => {
    const line = escapeControlCharacters(`kpa lsp: ${problem.message}`);
    if (!problem.fatal) return connection?.console.warn(line);
    process.stderr.write(`${line}; exiting so that the editor restarts the server\n`);
    process.exit(LSP_EXIT.transport);
  };
  const { reader, writer } = await openTransport(transport, onProblem);
  const backlog = new MessageBacklog();
  connection = createConnection(ProposedFeatures.all, reader, writer, { messageStrategy: backlog.strategy });
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  // vscode-languageserver ends the process on the exit notification; a stream that closes first ends it here,
  // once the messages read before the close are handled (a client may write shutdown and exit, then close).
  reader.onClose(() => backlog.afterBacklog(() => process.exit(shutdown ? LSP_EXIT.shutdown : LSP_EXIT.noShutdown)));
  return startServer(connection, { ...options, backlog });
}
