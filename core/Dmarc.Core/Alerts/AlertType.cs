using System.Text.Json.Serialization;

namespace Dmarc.Core.Alerts;

/// <summary>The alerts of PRODUCT.md §5.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertType>))]
public enum AlertType
{
    MfaChange,
    SsoChange,
    DomainAdded,
    DomainDeleted,
    PossibleInternalSender,
    SenderDmarcRate,
    NewServices,
    SuspiciousSending,
    DmarcPolicyUpdate,
    RecordConfigurationChange,
    ExecutiveReportReady,
}

/// <summary>Smart alerts go to the account's owners by themselves; configurable ones are subscribed to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    Smart,
    Configurable,
}

/// <summary>How often a subscription may fire at most.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertCadence>))]
public enum AlertCadence
{
    Daily,
    Weekly,
    Monthly,
}

/// <summary>The pass-rate bands: Passing 95-100 %, Partially passing 51-94 %, Failing 0-50 %.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RateBand>))]
public enum RateBand
{
    Passing,
    PartiallyPassing,
    Failing,
}
