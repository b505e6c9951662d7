/**
 * Opened documents first, the rest of the workspace after them. Langium's workspace manager reads and parses
 * every `.bgptopo` file of the workspace folders when the server initializes, and the first document the editor
 * opens is built only after all of them. No file needs another (each has its own namespace, see
 * BgptopoScopeComputation), so here the server starts with none: what the editor opens is built at once, and
 * the folders' other files are loaded — and validated, for the Problems view, as before — once a first build has
 * validated something (with nothing opened, Langium's own start validated nothing either).
 */
import { DefaultWorkspaceManager, DocumentState, type LangiumSharedCoreServices } from 'langium';
import type { CancellationToken, WorkspaceFolder } from 'vscode-languageserver';

export class BgptopoWorkspaceManager extends DefaultWorkspaceManager {
    private deferredFolders: WorkspaceFolder[] = [];

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        const first = services.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, () => {
            first.dispose();
            // After the running build (a read waits for it), in a write of its own: a write started inside the
            // build's listener would cancel the build itself.
            void this.mutex.read(() => undefined).then(() => this.mutex.write((token) => this.loadDeferredFolders(token)));
        });
    }

    override async initializeWorkspace(folders: WorkspaceFolder[], cancelToken?: CancellationToken): Promise<void> {
        this.deferredFolders = folders;
        await super.initializeWorkspace([], cancelToken);
    }

    /** The folders' files no one has opened, built as an update (a cancelled one leaves them to the next build). */
    private async loadDeferredFolders(token: CancellationToken): Promise<void> {
        const folders = this.deferredFolders;
        this.deferredFolders = [];
        const found = await Promise.all(folders.map((folder) => this.searchFolder(this.getRootFolder(folder))));
        const uris = [...new Map(found.flat().map((uri) => [uri.toString(), uri])).values()].filter((uri) => !this.langiumDocuments.hasDocument(uri));
        if (uris.length > 0) {
            await this.documentBuilder.update(uris, [], token);
        }
    }
}
