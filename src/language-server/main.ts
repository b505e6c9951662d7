/** The language server entry point: stdio or IPC, as the client chooses. */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createBgptopoServices } from './bgptopo-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createBgptopoServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
