/**
 * What the lowering of one kind of element reads of the elements lowered before it (topology-lowering.ts provides it):
 * the defaults, the networks, the hosts, VIPs and clusters by their AST node, a cluster's node selectors, and the
 * `announce` lists that fill in once the VIPs exist. Lookups only: the lowering files return what they lower and the
 * scope's owner keeps the lists that fill in later.
 */
import type * as ast from '../language/generated/ast.js';
import type { PrefixIndex } from './network-index.js';
import type { ModelAnnounce, ModelCluster, ModelDefaults, ModelHost, ModelNetwork, ModelRouter, ModelSelector, ModelVip } from './topology-model.js';

export interface LoweringScope {
    readonly defaults: ModelDefaults;
    /** The networks by prefix: an address that names no network is on the most specific one. */
    readonly networkIndex: PrefixIndex<ModelNetwork>;
    network(node: ast.Network | undefined): ModelNetwork | undefined;
    host(node: ast.Host | undefined): ModelHost | undefined;
    vip(node: ast.Vip | undefined): ModelVip | undefined;
    cluster(node: ast.Cluster | undefined): ModelCluster | undefined;
    /** A selector's nodes in the cluster. */
    selector(selector: ast.Selector, cluster: ModelCluster): ModelSelector;
    /** An `announce` list of a router line, filled once the VIPs are lowered (an item may name a VIP). */
    announceList(router: ModelRouter, items: ast.AnnounceItem[] | undefined): ModelAnnounce[];
}
