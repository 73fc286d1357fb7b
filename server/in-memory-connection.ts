/**
 * A server and a client joined by in-memory pipes: the real KpaServer and the real protocol, without a
 * process (server unit tests, and the benchmark's in-process numbers). Exit is never sent: it ends the process.
 */
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node.js';
import { KpaServer, type ServerOptions } from './server.js';

export interface InMemoryPair {
  server: KpaServer;
  client: ProtocolConnection;
  published: PublishDiagnosticsParams[];
  /** The next publish for `uri` (at `version`, when given), or one already received. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  logs: string[];
  dispose(): void;
}

export function inMemoryServer(options: ServerOptions = {}, settings: Record<string, unknown> = {}): InMemoryPair {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const server = new KpaServer(serverConnection, options);
  server.register();
  serverConnection.listen();
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const logs: string[] = [];
  let waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    waiters = waiters.filter((w) => {
      if (w.uri !== p.uri || (w.version !== undefined && w.version !== p.version)) return true;
      w.resolve(p);
      return false;
    });
  });
  client.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  client.onNotification('window/showMessage', (p: { message: string }) => logs.push(p.message));
  client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  client.onRequest('window/workDoneProgress/create', () => null);
  client.onRequest('client/registerCapability', () => null);
  client.onRequest('window/showMessageRequest', (p: { message: string }) => {
    logs.push(p.message);
    return null;
  });
  client.listen();
  return {
    server,
    client,
    published,
    logs,
    diagnostics(uri, version) {
      const seen = published.find((p) => p.uri === uri && version !== undefined && p.version === version);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
    dispose() {
      client.dispose();
      serverConnection.dispose();
    },
  };
}
