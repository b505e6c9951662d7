/**
 * The order hosts are deployed in: in parallel up to the concurrency, except the holders of one keepalived
 * VIP group, which go one at a time, backups first and the master last, each finished before the next,
 * so a VIP never loses every holder at once.
 */
import type { ModelHost, TopologyModel } from '../model/topology-model.js';

/** Chains of host names: each chain runs sequentially; chains run in parallel. */
export function deployChains(model: TopologyModel, hosts: readonly string[]): string[][] {
    const wanted = new Set(hosts);
    const parent = new Map<string, string>();
    const find = (name: string): string => {
        let root = name;
        while (parent.get(root) !== root) {
            root = parent.get(root)!;
        }
        parent.set(name, root);
        return root;
    };
    for (const name of hosts) {
        parent.set(name, name);
    }
    // Highest priority a host has in any keepalived VIP: the master of a group goes last.
    const rank = new Map<string, number>();
    for (const vip of model.vips) {
        if (vip.mechanism !== 'keepalived') {
            continue;
        }
        const holders = vip.holders.filter((holder) => wanted.has(holder.host.name));
        for (const holder of holders) {
            rank.set(holder.host.name, Math.max(rank.get(holder.host.name) ?? 0, holder.priority ?? 100));
        }
        for (const holder of holders.slice(1)) {
            parent.set(find(holder.host.name), find(holders[0].host.name));
        }
    }
    const chains = new Map<string, string[]>();
    for (const name of hosts) {
        const root = find(name);
        const chain = chains.get(root) ?? [];
        chain.push(name);
        chains.set(root, chain);
    }
    return [...chains.values()].map((chain) => chain.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || a.localeCompare(b)));
}

/** Run chains with at most `concurrency` hosts at once; a chain stops at its first failure. */
export async function runChains<T>(
    chains: readonly string[][],
    concurrency: number,
    run: (host: string) => Promise<T>,
    failed: (result: T) => boolean,
    skipped: (host: string, after: string) => T
): Promise<Map<string, T>> {
    const results = new Map<string, T>();
    const queue = [...chains].sort((a, b) => b.length - a.length);
    const worker = async (): Promise<void> => {
        for (let chain = queue.shift(); chain; chain = queue.shift()) {
            let stopAfter: string | undefined;
            for (const host of chain) {
                if (stopAfter) {
                    results.set(host, skipped(host, stopAfter));
                    continue;
                }
                const result = await run(host);
                results.set(host, result);
                if (failed(result)) {
                    stopAfter = host;
                }
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, chains.length)) }, worker));
    return results;
}

export function hostByName(model: TopologyModel, name: string): ModelHost | undefined {
    return model.hosts.find((host) => host.name === name);
}
