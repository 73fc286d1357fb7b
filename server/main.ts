/**
 * The language server's entry: create the connection, route the console to it (stdout belongs to the
 * protocol), keep running through unexpected errors, and hand over to KpaServer.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node.js';
import { createServerSocketTransport, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver/node.js';
import { KpaServer, type ServerOptions } from './server.js';

export type Transport = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number };

export function createTransportConnection(transport: Transport): Connection {
  switch (transport.kind) {
    case 'stdio':
      return createConnection(ProposedFeatures.all, process.stdin, process.stdout);
    case 'node-ipc':
      return createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));
    case 'socket': {
      const [reader, writer] = createServerSocketTransport(transport.port);
      return createConnection(ProposedFeatures.all, reader, writer);
    }
  }
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
  process.on('uncaughtException', (err) => connection.console.error(`kpa: unexpected error: ${err.stack ?? err}`));
  process.on('unhandledRejection', (err) => connection.console.error(`kpa: unexpected error: ${(err as Error)?.stack ?? err}`));
  connection.listen();
  return { server, closed };
}

export function runLanguageServer(transport: Transport, options: ServerOptions = {}): { server: KpaServer; closed: Promise<void> } {
  return startServer(createTransportConnection(transport), options);
}
