/**
 * The WireGuard public keys of every mesh member, read on the hosts (deploy-host `collectWireGuardKey`),
 * generated there first when `generate` is set; the private keys never leave the hosts.
 */
import type { DeployInput } from './deploy-input.js';
import { collectWireGuardKey } from './deploy-host.js';
import { targetsByName, type HostConnect } from './host-target.js';

export interface CollectedKeys {
    /** Public key by host name. */
    readonly keys: Map<string, string>;
    /** Members whose key could not be read (or generated), in mesh and member order. */
    readonly failures: { readonly host: string; readonly message: string }[];
}

/** The members of a mesh in parallel, the meshes one after the other. */
export async function collectPublicKeys(input: Pick<DeployInput, 'meshes' | 'hosts'>, connect: HostConnect, generate: boolean): Promise<CollectedKeys> {
    const hosts = targetsByName(input.hosts);
    const keys = new Map<string, string>();
    const failures: { host: string; message: string }[] = [];
    for (const mesh of input.meshes) {
        const results = await Promise.all(
            mesh.members.map(async (member) => {
                try {
                    return { host: member, key: await collectWireGuardKey(await connect(hosts.get(member)!), mesh.name, generate) };
                } catch (error) {
                    return { host: member, error: error instanceof Error ? error.message : String(error) };
                }
            })
        );
        for (const result of results) {
            if ('error' in result) {
                failures.push({ host: result.host, message: result.error! });
            } else if (result.key) {
                keys.set(result.host, result.key);
            }
        }
    }
    return { keys, failures };
}
