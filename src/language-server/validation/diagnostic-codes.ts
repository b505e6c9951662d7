/**
 * The stable diagnostic codes of the language (LANGUAGE.md "Diagnostics"). Tests, the CLI's JSON and SARIF
 * output and the quick fixes all key on these strings; never rename one.
 */
export const DiagnosticCode = {
    Syntax: 'syntax',
    UnresolvedReference: 'unresolved-reference',
    NameDuplicate: 'name-duplicate',
    OptionDuplicate: 'option-duplicate',
    AsnInvalid: 'asn-invalid',
    AsnReserved: 'asn-reserved',
    AsnDocumentation: 'asn-documentation',
    AsnPublic: 'asn-public',
    CidrHostBits: 'cidr-host-bits',
    CidrOverlap: 'cidr-overlap',
    PodCidrOutside: 'pod-cidr-outside',
    AddressOutsideNetwork: 'address-outside-network',
    AddressReserved: 'address-reserved',
    AddressDuplicate: 'address-duplicate',
    VipConflict: 'vip-conflict',
    RouterIdDuplicate: 'router-id-duplicate',
    RouterIdMissing: 'router-id-missing',
    PeerAsnMismatch: 'peer-asn-mismatch',
    PeerHalfOpen: 'peer-half-open',
    SessionCollision: 'session-collision',
    PeerNoPath: 'peer-no-path',
    IbgpSession: 'ibgp-session',
    SpeakerConflict: 'speaker-conflict',
    VrrpVridDuplicate: 'vrrp-vrid-duplicate',
    VrrpPriority: 'vrrp-priority',
    VipSingleHolder: 'vip-single-holder',
    ControlPlaneCount: 'control-plane-count',
    SecretInSource: 'secret-in-source',
    WireguardMemberAddress: 'wireguard-member-address',
    WireguardRouteDuplicate: 'wireguard-route-duplicate',
    WireguardRouteUnrouted: 'wireguard-route-unrouted',
    NetworkRole: 'network-role',
    VipOption: 'vip-option',
    ValueRange: 'value-range',
    VipOnWireguard: 'vip-on-wireguard',
    NameInvalid: 'name-invalid',
    InterfaceInvalid: 'interface-invalid',
    SecretNameInvalid: 'secret-name-invalid',
    SshUserInvalid: 'ssh-user-invalid',
    SshHostInvalid: 'ssh-host-invalid',
    PathInvalid: 'path-invalid',
    // LANGUAGE-V2 §11 (part 1: labels, selectors, peer groups, families)
    SelectorMixed: 'selector-mixed',
    SelectorEmpty: 'selector-empty',
    SessionDuplicate: 'session-duplicate',
    SpeakerAsnSplit: 'speaker-asn-split',
    OptionUnsupported: 'option-unsupported',
    FamilyNoSession: 'family-no-session',
    // LANGUAGE-V2 §11 (part 3: what is announced)
    AdvertisementEmpty: 'advertisement-empty',
    PoolUnadvertised: 'pool-unadvertised',
    LocalPrefEbgp: 'local-pref-ebgp',
    AnnounceUnsourced: 'announce-unsourced',
    // LANGUAGE-V2 §11 (part 2: routers beyond the rack, Calico's speaker)
    RouterIsolated: 'router-isolated',
    PeerOptionConflict: 'peer-option-conflict',
    IbgpNoReflection: 'ibgp-no-reflection'
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export const ALL_DIAGNOSTIC_CODES: readonly DiagnosticCode[] = Object.values(DiagnosticCode);

/** What a diagnostic carries in `data`: its code, plus whatever its quick fix needs. */
export interface BgptopoDiagnosticData {
    readonly code: DiagnosticCode;
    readonly [key: string]: unknown;
}
