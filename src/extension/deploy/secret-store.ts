/**
 * Secrets kept in VS Code's SecretStorage (the OS keychain): BGP passwords by the name the topology gives
 * them (`password secret "NAME"`), and SSH key passphrases by key file. Values never go to the log.
 */
import type * as vscode from 'vscode';
import type { TopologyModel } from '../../model/topology-model.js';

const BGP_PREFIX = 'bgptopo.secret.';
const PASSPHRASE_PREFIX = 'bgptopo.ssh-passphrase.';

export class SecretStore {
    constructor(private readonly storage: vscode.SecretStorage) {}

    getSecret(name: string): Thenable<string | undefined> {
        return this.storage.get(BGP_PREFIX + name);
    }

    setSecret(name: string, value: string): Thenable<void> {
        return this.storage.store(BGP_PREFIX + name, value);
    }

    deleteSecret(name: string): Thenable<void> {
        return this.storage.delete(BGP_PREFIX + name);
    }

    getPassphrase(keyFile: string): Thenable<string | undefined> {
        return this.storage.get(PASSPHRASE_PREFIX + keyFile);
    }

    setPassphrase(keyFile: string, value: string): Thenable<void> {
        return this.storage.store(PASSPHRASE_PREFIX + keyFile, value);
    }

    /** The values of every secret the model names; `missing` lists the names not stored. */
    async resolveAll(names: readonly string[]): Promise<{ values: Map<string, string>; missing: string[] }> {
        const values = new Map<string, string>();
        const missing: string[] = [];
        for (const name of names) {
            const value = await this.getSecret(name);
            if (value === undefined) {
                missing.push(name);
            } else {
                values.set(name, value);
            }
        }
        return { values, missing };
    }
}

/** The secret names a topology refers to, sorted, without duplicates. */
export function secretNames(model: TopologyModel): string[] {
    return [...new Set(model.speakers.map((speaker) => speaker.passwordSecret).filter((name): name is string => !!name))].sort();
}
