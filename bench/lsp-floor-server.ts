/**
 * The floor of the language-server benchmark: a vscode-languageserver server that does nothing but answer
 * each document version with an empty publishDiagnostics and a null hover. What is left of kpa's latency
 * above it is analysis; what it measures itself is Node, the protocol library and the pipes.
 */
import { createConnection, ProposedFeatures, TextDocumentSyncKind } from 'vscode-languageserver/node.js';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true } }));
connection.onDidOpenTextDocument((p) => void connection.sendDiagnostics({ uri: p.textDocument.uri, version: p.textDocument.version, diagnostics: [] }));
connection.onDidChangeTextDocument((p) => void connection.sendDiagnostics({ uri: p.textDocument.uri, version: p.textDocument.version, diagnostics: [] }));
connection.onHover(() => null);
connection.listen();
