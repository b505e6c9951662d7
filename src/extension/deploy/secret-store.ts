/**
 * Secrets kept in VS Code's SecretStorage (the OS keychain): BGP passwords by the name the topology gives
 * them (`password secret "NAME"`), and SSH key passphrases by key file. Values never go to the log.
 */
import type * as vscode from 'vscode';
import { topologySecretNames } from '../../deploy/deploy-input.js';
import { secretSource } from '../../deploy/workflow-ports.js';

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

    /** The values of every secret named; `missing` lists the names not stored. */
    resolveAll(names: readonly string[]): Promise<{ readonly values: ReadonlyMap<string, string>; readonly missing: readonly string[] }> {
        return secretSource((name) => this.getSecret(name)).resolve(names);
    }
}

/** The secret names a topology refers to, sorted, without duplicates. */
export const secretNames = topologySecretNames;
