/**
 * Completion: Langium's grammar-driven keyword and reference completion, narrowed to what makes sense
 * here. Reference candidates are filtered by context (kube-vip holders are control-plane nodes, `speakers`
 * are nodes of the same cluster, a list does not offer what it already names) and ranked (a `pool` prefers
 * loadbalancer networks, `pod-network` pod networks). Keywords of options already set, or of the other
 * VIP mechanism, are not offered: writing them is an error.
 */
import { AstUtils, type AstNode, type AstNodeDescription, type GrammarAST, type Reference, type ReferenceInfo, type Stream } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type NextFeature } from 'langium/lsp';
import * as ast from '../../language/generated/ast.js';
import { parseAddress, prefixContains } from '../../model/ip-address.js';
import type { NetworkRole, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoServices } from '../bgptopo-module.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { labelCompletions, labelSlot } from './bgptopo-label-completion.js';
import { declarationLook } from './bgptopo-lsp-kinds.js';
import { declarationDetail, hostOf, networkOf, vipOf } from './bgptopo-model-lookup.js';

/** Per block type: the keyword that starts a single-valued option and the property it sets. */
const SINGLE_OPTION_KEYWORDS: Record<string, Record<string, string>> = {
    Router: {
        asn: 'asn',
        'router-id': 'routerId',
        'maximum-paths': 'maximumPaths',
        bfd: 'bfd',
        ssh: 'ssh',
        'listen-port': 'listenPort',
        'route-reflector': 'routeReflector',
        'graceful-restart': 'gracefulRestart'
    },
    Upstream: {
        accept: 'accept',
        password: 'password',
        multihop: 'multihop',
        bfd: 'bfd',
        hold: 'hold',
        keepalive: 'keepalive',
        'connect-retry': 'connectRetry',
        'graceful-restart': 'gracefulRestart'
    },
    LoadBalancer: { ssh: 'ssh' },
    Node: { 'router-id': 'routerId', ssh: 'ssh' },
    Network: { role: 'role', interface: 'interface' },
    Vip: { keepalived: 'mechanism', 'kube-vip': 'mechanism', vrid: 'vrid', advert: 'advert', holders: 'holders', interface: 'interface', 'health-check': 'healthCheck' },
    Cluster: { cni: 'cni' },
    MetallbSpeaker: speakerOptions({}),
    CiliumSpeaker: speakerOptions({}),
    KubeVipSpeaker: speakerOptions({ vip: 'vip' }),
    CalicoSpeaker: speakerOptions({ 'node-mesh': 'nodeMesh' }),
    Advertisement: { aggregate: 'aggregate', 'local-pref': 'localPref', speakers: 'speakerSet' },
    WireGuard: { network: 'network', 'listen-port': 'listenPort', 'persistent-keepalive': 'persistentKeepalive', members: 'members' }
};

/** Keywords that belong to keepalived only; on a kube-vip VIP they are `vip-option` errors. */
const KEEPALIVED_ONLY = new Set(['vrid', 'advert', 'frontend', 'priority']);

/** The network role a reference property prefers. */
const PREFERRED_ROLE: Record<string, NetworkRole> = {
    'MetallbSpeaker.pools': 'loadbalancer',
    'KubeVipSpeaker.servicesPool': 'loadbalancer',
    'Advertisement.pool': 'loadbalancer',
    'Cluster.podNetworks': 'pod',
    'Cluster.serviceNetworks': 'service',
    'WireGuard.network': 'vpn'
};

interface CandidateRule {
    readonly accept: (node: AstNode) => boolean;
    readonly prefer: (node: AstNode) => boolean;
}

export class BgptopoCompletionProvider extends DefaultCompletionProvider {
    private readonly cache: BgptopoTopologyCache;

    constructor(services: BgptopoServices) {
        super(services);
        this.cache = services.topology.TopologyCache;
    }

    /** Label keys and values are offered once per request, beside the grammar's own items. */
    private readonly labelsOffered = new WeakSet<CompletionContext>();

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): ReturnType<DefaultCompletionProvider['completionFor']> {
        if (!this.labelsOffered.has(context)) {
            this.labelsOffered.add(context);
            const text = context.textDocument.getText();
            const slot = labelSlot(text, context.offset);
            if (slot) {
                // The word being typed is replaced; Langium's own range would start at a `=` typed just before.
                const typed = /[A-Za-z0-9_.\/"-]*$/.exec(text.slice(0, context.offset))![0];
                const range = { start: context.textDocument.positionAt(context.offset - typed.length), end: context.position };
                for (const item of labelCompletions(this.cache.forDocument(context.document), slot)) {
                    if (item.label.startsWith(typed)) {
                        acceptor(context, { ...item, textEdit: { newText: item.label, range } });
                    }
                }
            }
        }
        return super.completionFor(context, next, acceptor);
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const rule = this.candidateRule(refInfo, context);
        return super.getReferenceCandidates(refInfo, context).filter((description) => !description.node || rule.accept(description.node));
    }

    protected override createReferenceCompletionItem(
        description: AstNodeDescription,
        refInfo: ReferenceInfo,
        context: CompletionContext
    ): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const node = description.node;
        if (!node) {
            return item;
        }
        const model = this.cache.forDocument(context.document);
        const preferred = this.candidateRule(refInfo, context).prefer(node);
        const look = declarationLook(node);
        return {
            ...item,
            kind: look?.completion ?? item.kind,
            detail: `${look?.label ?? node.$type} · ${declarationDetail(model, node)}`,
            sortText: preferred ? '00' : '01',
            preselect: preferred || undefined
        };
    }

    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        if (!super.filterKeyword(context, keyword)) {
            return false;
        }
        const owner = this.enclosingBlock(context);
        if (!owner) {
            return true;
        }
        const property = SINGLE_OPTION_KEYWORDS[owner.$type]?.[keyword.value];
        if (property && isSet(owner, property)) {
            return false;
        }
        const vip = AstUtils.getContainerOfType(owner, ast.isVip);
        if (vip?.mechanism?.kind === 'kube-vip' && KEEPALIVED_ONLY.has(keyword.value)) {
            return false;
        }
        if (vip?.mechanism?.kind === 'keepalived' && keyword.value === 'control-plane' && ast.isHolderList(owner)) {
            return false;
        }
        return true;
    }

    /** The innermost declaration block whose braces enclose the cursor. */
    private enclosingBlock(context: CompletionContext): AstNode | undefined {
        let node = context.node;
        while (node) {
            const cst = node.$cstNode;
            const inside = cst !== undefined && cst.offset < context.tokenOffset && context.tokenOffset < cst.end;
            if (inside && (SINGLE_OPTION_KEYWORDS[node.$type] || ast.isHolderList(node))) {
                return node;
            }
            node = node.$container;
        }
        return undefined;
    }

    /** Candidates of one reference share a context: its rule is worked out once, not once per item. */
    private readonly rules = new WeakMap<CompletionContext, Map<string, CandidateRule>>();

    private candidateRule(refInfo: ReferenceInfo, context: CompletionContext): CandidateRule {
        const key = `${refInfo.container.$type}.${refInfo.property}`;
        let forContext = this.rules.get(context);
        if (!forContext) {
            forContext = new Map();
            this.rules.set(context, forContext);
        }
        let rule = forContext.get(key);
        if (!rule) {
            rule = this.computeRule(refInfo, context);
            forContext.set(key, rule);
        }
        return rule;
    }

    private computeRule(refInfo: ReferenceInfo, context: CompletionContext): CandidateRule {
        const model = this.cache.forDocument(context.document);
        const container = refInfo.container;
        const key = `${container.$type}.${refInfo.property}`;
        const listed = listedNames(container, refInfo.property, context.offset);
        const notListed = (node: AstNode): boolean => !listed.has((node as { name?: string }).name ?? '');
        const always = (): boolean => true;
        const never = (): boolean => false;

        const role = PREFERRED_ROLE[key];
        if (role) {
            return { accept: always, prefer: (node) => networkOf(model, node)?.role === role };
        }
        switch (key) {
            case 'Holder.host': {
                const vip = AstUtils.getContainerOfType(container, ast.isVip);
                if (vip?.mechanism?.kind === 'kube-vip') {
                    return { accept: (node) => notListed(node) && ast.isNode(node) && node.role === 'control-plane', prefer: never };
                }
                const network = vipOf(model, vip)?.network;
                return {
                    accept: notListed,
                    prefer: (node) => network !== undefined && (hostOf(model, node)?.addresses.some((entry) => entry.network === network) ?? false)
                };
            }
            case 'SelectorItem.node': {
                const cluster = AstUtils.getContainerOfType(container, ast.isCluster);
                return { accept: (node) => notListed(node) && ast.isNode(node) && node.$container === cluster, prefer: never };
            }
            case 'Advertisement.to': {
                // The routers of the block the advertisement stands in, first.
                const speaker = model.speakers.find((entry) => entry.ast === container.$container);
                const routers = new Set<AstNode>((speaker?.peers ?? []).map((router) => router.ast));
                return { accept: (node) => notListed(node) && ast.isRouter(node), prefer: (node) => routers.has(node) };
            }
            case 'MetallbSpeaker.peers':
            case 'CiliumSpeaker.peers':
            case 'KubeVipSpeaker.peers':
            case 'PeerGroup.routers':
            case 'WireGuard.members':
                return { accept: notListed, prefer: never };
            case 'HostAddress.network': {
                const address = ast.isHostAddress(container) && container.value ? parseAddress(container.value) : undefined;
                return {
                    accept: always,
                    prefer: (node) => {
                        const prefix = networkOf(model, node)?.prefix;
                        return prefix !== undefined && address !== undefined && prefixContains(prefix, address);
                    }
                };
            }
            case 'KubeVipSpeaker.vip':
            case 'Advertisement.vip':
                return { accept: always, prefer: (node) => vipOf(model, node)?.mechanism?.startsWith('kube-vip') ?? false };
            case 'WgRoute.via': {
                const members = meshMembers(model, container);
                return { accept: always, prefer: (node) => members.has(node) };
            }
            case 'AnnounceItem.network': {
                // `pool`: loadbalancer pools first; `network`: the networks the announcing router is on.
                const router = model.routers.find((entry) => entry.ast === AstUtils.getContainerOfType(container, ast.isRouter));
                const own = new Set<AstNode>((router?.addresses ?? []).flatMap((entry) => (entry.network ? [entry.network.ast] : [])));
                const pool = ast.isAnnounceItem(container) && container.kind === 'pool';
                return { accept: always, prefer: (node) => (pool ? networkOf(model, node)?.role === 'loadbalancer' : own.has(node)) };
            }
            case 'Neighbor.target': {
                const peers = peersOfRouter(model, container);
                return { accept: always, prefer: (node) => peers.has(node) };
            }
            default:
                return { accept: always, prefer: never };
        }
    }
}

function speakerOptions(extra: Record<string, string>): Record<string, string> {
    return {
        asn: 'asn',
        speakers: 'speakerSet',
        source: 'source',
        multihop: 'multihop',
        password: 'password',
        bfd: 'bfd',
        hold: 'hold',
        keepalive: 'keepalive',
        ...extra
    };
}

function isSet(node: AstNode, property: string): boolean {
    const record = node as unknown as Record<string, unknown>;
    if (property === 'members' && record.allMembers === true) {
        return true;
    }
    const value = record[property];
    return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

/** Names a list already holds, except the entry under the cursor (the one being completed). */
function listedNames(container: AstNode, property: string, offset: number): Set<string> {
    const record = container as unknown as Record<string, unknown>;
    let refs: Reference[] = [];
    // A completion for a new entry hangs a synthetic Holder below the node at the cursor: walk up to the list.
    const holders = ast.isHolder(container) || ast.isHolderList(container) ? AstUtils.getContainerOfType(container, ast.isHolderList) : undefined;
    if (holders) {
        refs = (holders.entries ?? []).map((entry) => entry.host);
    } else if (Array.isArray(record[property])) {
        refs = record[property] as Reference[];
    }
    const names = new Set<string>();
    for (const ref of refs) {
        const cst = ref?.$refNode;
        if (ref?.$refText && !(cst && cst.offset <= offset && offset <= cst.end)) {
            names.add(ref.$refText);
        }
    }
    return names;
}

function meshMembers(model: TopologyModel, container: AstNode): Set<AstNode> {
    const mesh = model.wireguards.find((wg) => wg.ast === AstUtils.getContainerOfType(container, ast.isWireGuard));
    return new Set((mesh?.members ?? []).map((member) => member.host.ast));
}

/** The nodes that have a BGP session with the router enclosing `container`. */
/** The nodes whose speakers peer with the router, and the other routers (a `neighbor ROUTER` session). */
function peersOfRouter(model: TopologyModel, container: AstNode): Set<AstNode> {
    const router = AstUtils.getContainerOfType(container, ast.isRouter);
    const nodes = model.sessions.filter((session) => session.router.ast === router).map((session) => session.node.ast);
    return new Set<AstNode>([...nodes, ...model.routers.filter((other) => other.ast !== router).map((other) => other.ast)]);
}
