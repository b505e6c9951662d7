/**
 * The "Topology" tree of the active `.bgptopo` file: the topology (the site) → routers, load balancers,
 * VIPs (→ holders), clusters (→ nodes, speakers) and WireGuard meshes. Selecting an item reveals its
 * declaration; hosts carry an inline Preview, the topology inline Deploy / Verify / Diagram.
 */
import * as vscode from 'vscode';
import type { OutlineHost, TopologyOutline } from '../../protocol/bgptopo-protocol.js';
import { readSettings } from '../settings.js';
import { isTopologyDocument } from '../topology-target.js';
import type { TopologyServer } from '../topology-server.js';

export class TopologyTreeItem extends vscode.TreeItem {
    constructor(
        label: string,
        readonly topologyUri: vscode.Uri,
        readonly childItems: TopologyTreeItem[],
        options: { description?: string; contextValue: string; icon: string; line?: number; hostName?: string; expanded?: boolean }
    ) {
        super(
            label,
            childItems.length === 0
                ? vscode.TreeItemCollapsibleState.None
                : options.expanded
                  ? vscode.TreeItemCollapsibleState.Expanded
                  : vscode.TreeItemCollapsibleState.Collapsed
        );
        this.description = options.description;
        this.contextValue = options.contextValue;
        this.iconPath = new vscode.ThemeIcon(options.icon);
        this.hostName = options.hostName;
        if (options.line !== undefined) {
            this.command = { command: 'bgptopo.revealLine', title: 'Reveal', arguments: [topologyUri.toString(), options.line] };
        }
    }

    readonly hostName: string | undefined;
}

function hostItem(uri: vscode.Uri, host: OutlineHost, icon: string, description?: string): TopologyTreeItem {
    return new TopologyTreeItem(host.name, uri, [], {
        description: description ?? host.address,
        contextValue: 'bgptopo.host',
        icon,
        line: host.line,
        hostName: host.name
    });
}

function group(uri: vscode.Uri, label: string, icon: string, children: TopologyTreeItem[]): TopologyTreeItem[] {
    return children.length === 0 ? [] : [new TopologyTreeItem(label, uri, children, { description: String(children.length), contextValue: 'bgptopo.group', icon, expanded: true })];
}

export function topologyItems(uri: vscode.Uri, model: TopologyOutline): TopologyTreeItem {
    const routers = model.routers.map((router) => hostItem(uri, router, 'server-environment', router.asn !== undefined ? `AS ${router.asn}` : undefined));
    const lbs = model.loadBalancers.map((lb) => hostItem(uri, lb, 'split-horizontal'));
    const vips = model.vips.map(
        (vip) =>
            new TopologyTreeItem(
                vip.name,
                uri,
                vip.holders.map((holder) => hostItem(uri, holder.host, 'arrow-right', holder.priority !== undefined ? `priority ${holder.priority}` : holder.host.kind)),
                { description: [vip.address, vip.mechanism].filter(Boolean).join(' · '), contextValue: 'bgptopo.vip', icon: 'pin', line: vip.line }
            )
    );
    const clusters = model.clusters.map((cluster) => {
        const nodes = cluster.nodes.map((node) => hostItem(uri, node, node.role === 'control-plane' ? 'star-full' : 'vm', node.role));
        const speakers = cluster.speakers.map(
            (speaker) =>
                new TopologyTreeItem(speaker.kind, uri, [], {
                    description: `${speaker.asn !== undefined ? `AS ${speaker.asn} · ` : ''}peers ${speaker.peers.join(', ')}`,
                    contextValue: 'bgptopo.speaker',
                    icon: 'broadcast',
                    line: speaker.line
                })
        );
        return new TopologyTreeItem(cluster.name, uri, [...group(uri, 'Nodes', 'vm', nodes), ...group(uri, 'Speakers', 'broadcast', speakers)], {
            description: `${cluster.nodes.length} nodes`,
            contextValue: 'bgptopo.cluster',
            icon: 'layers',
            line: cluster.line,
            expanded: true
        });
    });
    const meshes = model.wireguards.map(
        (mesh) =>
            new TopologyTreeItem(mesh.name, uri, [], {
                description: `${mesh.members} members`,
                contextValue: 'bgptopo.wireguard',
                icon: 'lock',
                line: mesh.line
            })
    );
    const children = [
        ...group(uri, 'Routers', 'server-environment', routers),
        ...group(uri, 'Load balancers', 'split-horizontal', lbs),
        ...group(uri, 'VIPs', 'pin', vips),
        ...group(uri, 'Clusters', 'layers', clusters),
        ...group(uri, 'WireGuard', 'lock', meshes)
    ];
    return new TopologyTreeItem(model.name || 'topology', uri, children, {
        description: vscode.workspace.asRelativePath(uri),
        contextValue: 'bgptopo.topology',
        icon: 'type-hierarchy',
        line: model.line,
        expanded: true
    });
}

export class TopologyTreeProvider implements vscode.TreeDataProvider<TopologyTreeItem>, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<void>();
    readonly onDidChangeTreeData = this.changed.event;
    private readonly disposables: vscode.Disposable[] = [];
    private timer: NodeJS.Timeout | undefined;
    private current: vscode.TextDocument | undefined;

    constructor(private readonly server: TopologyServer) {
        this.current = this.activeTopology();
        this.disposables.push(
            vscode.window.registerTreeDataProvider('bgptopo.topology', this),
            vscode.window.onDidChangeActiveTextEditor(() => {
                const active = this.activeTopology();
                if (active && active !== this.current) {
                    this.current = active;
                    this.changed.fire();
                }
            }),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document === this.current && event.contentChanges.length > 0) {
                    clearTimeout(this.timer);
                    this.timer = setTimeout(() => this.changed.fire(), readSettings(event.document.uri).previewDebounceMs);
                }
            }),
            this.changed
        );
    }

    getTreeItem(item: TopologyTreeItem): vscode.TreeItem {
        return item;
    }

    async getChildren(item?: TopologyTreeItem): Promise<TopologyTreeItem[]> {
        if (item) {
            return item.childItems;
        }
        this.current ??= this.activeTopology();
        if (!this.current || this.current.isClosed) {
            return [];
        }
        const { outline } = await this.server.outline(this.current);
        return outline ? [topologyItems(this.current.uri, outline)] : [];
    }

    dispose(): void {
        clearTimeout(this.timer);
        this.disposables.forEach((disposable) => disposable.dispose());
    }

    private activeTopology(): vscode.TextDocument | undefined {
        const active = vscode.window.activeTextEditor?.document;
        return active && isTopologyDocument(active) ? active : undefined;
    }
}
