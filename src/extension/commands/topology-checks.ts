/** The snapshot an operational command (render, deploy, verify) may act on: built, lowered, no errors. */
import * as vscode from 'vscode';
import type { TopologyModel } from '../../model/topology-model.js';
import { requireTopologyDocument, UserFacingError, type TopologyArgument } from '../topology-target.js';
import type { TopologyServer, TopologySnapshot } from '../topology-server.js';

export interface UsableTopology {
    readonly document: vscode.TextDocument;
    readonly snapshot: TopologySnapshot;
    readonly model: TopologyModel;
}

export async function usableTopology(models: TopologyServer, argument: TopologyArgument, action: string): Promise<UsableTopology> {
    const document = await requireTopologyDocument(argument);
    const snapshot = await models.get(document);
    if (!snapshot.model || snapshot.errorCount > 0) {
        throw new UserFacingError(
            `bgptopo: ${vscode.workspace.asRelativePath(document.uri)} has ${snapshot.errorCount} error(s); fix them before you ${action} (see Problems).`
        );
    }
    return { document, snapshot, model: snapshot.model };
}
