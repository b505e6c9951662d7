/** The language server entry point: stdio or IPC, as the client chooses. */
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
