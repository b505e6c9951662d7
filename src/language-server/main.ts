/** The language server entry point: stdio or IPC, as the client chooses. */
// First: V8's tiering, set before the other modules are evaluated (see node-v8-tiering.ts).
import '../node/node-v8-tiering.js';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createBgptopoServices } from './bgptopo-module.js';
import { answerViewsAfterValidation } from './bgptopo-request-order.js';
import { registerRequestHandlers } from './requests/bgptopo-request-handlers.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Bgptopo } = createBgptopoServices({ connection, ...NodeFileSystem });
registerRequestHandlers(Bgptopo, connection);
startLanguageServer(shared);
answerViewsAfterValidation(connection, shared);
