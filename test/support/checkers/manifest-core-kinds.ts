/**
 * Deliberately small built-in schemas for the non-CRD kinds bgptopo renders. They catch the
 * renderer bugs that matter (misspelt or misplaced keys at the levels listed, env values that are
 * not strings, missing names/images) without pretending to be the Kubernetes OpenAPI:
 *
 * - v1 Pod (kube-vip static pod): top-level keys; every PodSpec and Container field *name* (v1.33);
 *   required `spec.containers[].name` / `.image`; env entries (`name` required, `value` a string);
 *   `imagePullPolicy`, `restartPolicy`, `dnsPolicy` enums; `hostNetwork` boolean; volumes need a name.
 *   NOT checked: the contents of securityContext, probes, resources, volume sources, ports, etc.
 * - apps/v1 DaemonSet (kube-vip services mode): spec keys, the template's PodSpec as a Pod's; v1 ConfigMap: string data.
 * - v1 Secret: top-level keys; `data` values base64 strings; `stringData` values strings.
 * - monitoring.coreos.com/v1 PrometheusRule: top-level/spec/group/rule keys, group `name`, rule
 *   `expr` and exactly one of `alert`/`record`. PromQL itself: checkPrometheusRules.
 * ObjectMeta is checked for every kind by checkObjectMeta.
 */
type Schema = Record<string, unknown>;

const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const anyObject: Schema = { type: 'object' };

function closedObject(properties: Record<string, Schema>, required: string[] = []): Schema {
    return { type: 'object', properties, required, additionalProperties: false };
}

function namesOnly(names: string[]): Record<string, Schema> {
    return Object.fromEntries(names.map((n) => [n, {}]));
}

const CONTAINER_FIELDS = [
    'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy',
    'restartPolicy', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe',
    'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext',
    'stdin', 'stdinOnce', 'tty',
];

const POD_SPEC_FIELDS = [
    'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy',
    'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName',
    'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC',
    'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity',
    'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates',
    'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
    'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources',
];

const container: Schema = closedObject(
    {
        ...namesOnly(CONTAINER_FIELDS),
        name: { type: 'string', minLength: 1 },
        image: { type: 'string', minLength: 1 },
        command: { type: 'array', items: { type: 'string' } },
        args: { type: 'array', items: { type: 'string' } },
        imagePullPolicy: { enum: ['Always', 'Never', 'IfNotPresent'] },
        env: {
            type: 'array',
            items: closedObject(
                { name: { type: 'string', minLength: 1 }, value: { type: 'string' }, valueFrom: anyObject },
                ['name'],
            ),
        },
    },
    ['name', 'image'],
);

const POD_SPEC: Schema = closedObject(
    {
        ...namesOnly(POD_SPEC_FIELDS),
        containers: { type: 'array', minItems: 1, items: container },
        initContainers: { type: 'array', items: container },
        hostNetwork: { type: 'boolean' },
        restartPolicy: { enum: ['Always', 'OnFailure', 'Never'] },
        dnsPolicy: { enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] },
        volumes: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
        hostAliases: {
            type: 'array',
            items: closedObject({ ip: { type: 'string' }, hostnames: { type: 'array', items: { type: 'string' } } }, ['ip']),
        },
    },
    ['containers'],
);

const POD: Schema = closedObject(
    { apiVersion: {}, kind: {}, metadata: anyObject, status: anyObject, spec: POD_SPEC },
    ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** apps/v1 DaemonSet (kube-vip services mode): spec fields by name, the pod template's spec as a Pod's. */
const DAEMON_SET: Schema = closedObject(
    {
        apiVersion: {},
        kind: {},
        metadata: anyObject,
        status: anyObject,
        spec: closedObject(
            {
                selector: closedObject({ matchLabels: stringMap, matchExpressions: { type: 'array' } }),
                template: closedObject({ metadata: anyObject, spec: POD_SPEC }, ['spec']),
                updateStrategy: anyObject,
                minReadySeconds: { type: 'integer' },
                revisionHistoryLimit: { type: 'integer' },
            },
            ['selector', 'template'],
        ),
    },
    ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** v1 ConfigMap (kube-vip-cloud-provider's pool): string data. */
const CONFIG_MAP: Schema = closedObject(
    { apiVersion: {}, kind: {}, metadata: anyObject, data: stringMap, binaryData: stringMap, immutable: { type: 'boolean' } },
    ['apiVersion', 'kind', 'metadata'],
);

const SECRET: Schema = closedObject(
    {
        apiVersion: {},
        kind: {},
        metadata: anyObject,
        type: { type: 'string' },
        immutable: { type: 'boolean' },
        data: {
            type: 'object',
            additionalProperties: { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$' },
        },
        stringData: stringMap,
    },
    ['apiVersion', 'kind', 'metadata'],
);

const RULE: Schema = {
    ...closedObject(
        {
            alert: { type: 'string', minLength: 1 },
            record: { type: 'string', minLength: 1 },
            expr: { type: ['string', 'integer'] },
            for: { type: 'string' },
            keep_firing_for: { type: 'string' },
            labels: stringMap,
            annotations: stringMap,
        },
        ['expr'],
    ),
    oneOf: [{ required: ['alert'] }, { required: ['record'] }],
};

const PROMETHEUS_RULE: Schema = closedObject(
    {
        apiVersion: {},
        kind: {},
        metadata: anyObject,
        spec: closedObject(
            {
                groups: {
                    type: 'array',
                    items: closedObject(
                        {
                            name: { type: 'string', minLength: 1 },
                            interval: { type: 'string' },
                            query_offset: { type: 'string' },
                            limit: { type: 'integer' },
                            partial_response_strategy: { type: 'string' },
                            labels: stringMap,
                            rules: { type: 'array', items: RULE },
                        },
                        ['name'],
                    ),
                },
            },
            [],
        ),
    },
    ['apiVersion', 'kind', 'metadata', 'spec'],
);

const RBAC_RULE: Schema = closedObject(
    {
        apiGroups: { type: 'array', items: { type: 'string' } },
        resources: { type: 'array', items: { type: 'string' } },
        resourceNames: { type: 'array', items: { type: 'string' } },
        nonResourceURLs: { type: 'array', items: { type: 'string' } },
        verbs: { type: 'array', items: { type: 'string' }, minItems: 1 },
    },
    ['verbs'],
);

const ROLE: Schema = closedObject({ apiVersion: {}, kind: {}, metadata: anyObject, rules: { type: 'array', items: RBAC_RULE } }, ['apiVersion', 'kind', 'metadata']);

const ROLE_BINDING: Schema = closedObject(
    {
        apiVersion: {},
        kind: {},
        metadata: anyObject,
        roleRef: closedObject({ apiGroup: { type: 'string' }, kind: { enum: ['Role', 'ClusterRole'] }, name: { type: 'string', minLength: 1 } }, ['apiGroup', 'kind', 'name']),
        subjects: {
            type: 'array',
            items: closedObject(
                { kind: { enum: ['ServiceAccount', 'User', 'Group'] }, name: { type: 'string', minLength: 1 }, namespace: { type: 'string' }, apiGroup: { type: 'string' } },
                ['kind', 'name'],
            ),
        },
    },
    ['apiVersion', 'kind', 'metadata', 'roleRef'],
);

/** A Node as bgptopo writes it: only metadata (labels, annotations) for server-side apply on an existing Node. */
const NODE: Schema = closedObject({ apiVersion: {}, kind: {}, metadata: anyObject }, ['apiVersion', 'kind', 'metadata']);

export interface CoreKind {
    apiVersion: string;
    kind: string;
    namespaced: boolean;
    schema: Schema;
}

export const CORE_KINDS: readonly CoreKind[] = [
    { apiVersion: 'v1', kind: 'Pod', namespaced: true, schema: POD },
    { apiVersion: 'v1', kind: 'Secret', namespaced: true, schema: SECRET },
    { apiVersion: 'v1', kind: 'Node', namespaced: false, schema: NODE },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespaced: true, schema: ROLE },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespaced: true, schema: ROLE_BINDING },
    { apiVersion: 'v1', kind: 'ConfigMap', namespaced: true, schema: CONFIG_MAP },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', namespaced: true, schema: DAEMON_SET },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', namespaced: true, schema: PROMETHEUS_RULE },
];

const OBJECT_META_FIELDS = new Set([
    'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
    'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
    'managedFields',
]);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export interface MetaProblem {
    path: Array<string | number>;
    message: string;
}

/** ObjectMeta checks the API server applies to every kind (names, label syntax, string values). */
export function checkObjectMeta(metadata: unknown): MetaProblem[] {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
        return [{ path: ['metadata'], message: 'metadata must be an object' }];
    }
    const meta = metadata as Record<string, unknown>;
    const problems: MetaProblem[] = [];
    for (const key of Object.keys(meta)) {
        if (!OBJECT_META_FIELDS.has(key)) {
            problems.push({ path: ['metadata', key], message: 'unknown field' });
        }
    }
    const name = meta.name;
    if (typeof name !== 'string' || name === '') {
        problems.push({ path: ['metadata', 'name'], message: 'required string field missing' });
    } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
        problems.push({ path: ['metadata', 'name'], message: `'${name}' is not a DNS-1123 subdomain` });
    }
    if (meta.namespace !== undefined && (typeof meta.namespace !== 'string' || !DNS_LABEL.test(meta.namespace) || meta.namespace.length > 63)) {
        problems.push({ path: ['metadata', 'namespace'], message: `${JSON.stringify(meta.namespace)} is not a DNS-1123 label` });
    }
    for (const field of ['labels', 'annotations'] as const) {
        const map = meta[field];
        if (map === undefined) {
            continue;
        }
        if (typeof map !== 'object' || map === null || Array.isArray(map)) {
            problems.push({ path: ['metadata', field], message: 'must be a map of strings' });
            continue;
        }
        for (const [key, value] of Object.entries(map)) {
            if (typeof value !== 'string') {
                problems.push({ path: ['metadata', field, key], message: `value must be a string, got ${JSON.stringify(value)} (quote it)` });
            } else if (field === 'labels' && (value.length > 63 || !LABEL_VALUE.test(value))) {
                problems.push({ path: ['metadata', field, key], message: `invalid label value '${value}'` });
            }
        }
    }
    return problems;
}
