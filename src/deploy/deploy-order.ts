/**
 * The order hosts are deployed in: in parallel up to the concurrency, except the holders of one keepalived
 * VIP group, which go one at a time, backups first and the master last, each finished before the next,
 * so a VIP never loses every holder at once.
 */
import type { DeployVipGroup } from './deploy-input.js';
import { mapBounded } from './workflow-concurrency.js';

/** Chains of host names: each chain runs sequentially; chains run in parallel. */
export function deployChains(vipGroups: readonly DeployVipGroup[], hosts: readonly string[]): string[][] {
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
    for (const group of vipGroups) {
        const holders = group.holders.filter((holder) => wanted.has(holder.host));
        for (const holder of holders) {
            rank.set(holder.host, Math.max(rank.get(holder.host) ?? 0, holder.priority));
        }
        for (const holder of holders.slice(1)) {
            parent.set(find(holder.host), find(holders[0].host));
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

/** Run chains with at most `concurrency` hosts at once (longest chains first); a chain stops at its first failure. */
export async function runChains<T>(
    chains: readonly string[][],
    concurrency: number,
    run: (host: string) => Promise<T>,
    failed: (result: T) => boolean,
    skipped: (host: string, after: string) => T
): Promise<Map<string, T>> {
    const results = new Map<string, T>();
    await mapBounded([...chains].sort((a, b) => b.length - a.length), concurrency, async (chain) => {
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
    });
    return results;
}
