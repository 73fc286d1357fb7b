/**
 * `kpa lsp`: the language server. `--stdio` (the default), `--node-ipc` or `--socket=<port>`, the transports
 * vscode-languageserver offers. Nothing is written to stdout but the protocol.
 */
import type { Command } from 'commander';
import { UsageError, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('lsp')
    .description(
      'start the language server (LSP 3.17) for editors\n\n' +
        "Exit codes: 0 after the client's shutdown and exit; 1 when the client exits or closes the stream\n" +
        'without shutdown; 2 when the transport cannot be opened (nothing listening on the --socket port,\n' +
        '--node-ipc without an IPC channel) or the client sends a frame that cannot be read (one line on\n' +
        'stderr says which).',
    )
    .option('--stdio', 'talk over stdin/stdout (default)')
    .option('--node-ipc', 'talk over the Node IPC channel (when started by a Node client with fork)')
    .option('--socket <port>', 'connect to the client on this TCP port of localhost')
    .option('--clientProcessId <pid>', 'exit when this process exits (passed by some clients)')
    .action(async (opts: { stdio?: boolean; nodeIpc?: boolean; socket?: string }) => {
      const chosen = [opts.stdio, opts.nodeIpc, opts.socket !== undefined].filter(Boolean).length;
      if (chosen > 1) throw new UsageError('choose one transport: --stdio, --node-ipc or --socket=<port>');
      let port = 0;
      if (opts.socket !== undefined) {
        port = Number(opts.socket);
        if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`--socket wants a TCP port number, not "${opts.socket}"`);
      }
      const { runLanguageServer, TransportError } = await import('../../server/main.js');
      const transport = opts.nodeIpc ? ({ kind: 'node-ipc' } as const) : port ? ({ kind: 'socket', port } as const) : ({ kind: 'stdio' } as const);
      try {
        const { closed } = await runLanguageServer(transport, { env: io.env });
        await closed;
      } catch (err) {
        if (err instanceof TransportError) throw new UsageError(err.message);
        throw err;
      }
      done(0);
    });
}
