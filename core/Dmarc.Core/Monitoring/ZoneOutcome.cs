using System.Text.Json.Serialization;

namespace Dmarc.Core.Monitoring;

/// <summary>What happened to one zone in an enable or disable task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    Created,
    Updated,
    Deleted,
    Skipped,
    Failed,
}

/// <summary>Why a zone was left unmodified (PRODUCT.md §1), plus the reasons of disable.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SkipReason>))]
public enum SkipReason
{
    MultipleDmarcRecords,
    AlreadyConfigured,
    InPool,
    SecondaryZone,
    AliasZone,
    UnsupportedDnssec,
    Delegated,
    InvalidRecord,

    /// <summary>Enable: the authorisation record's name (zone._report._dmarc.reporting-domain) would be longer than DNS allows.</summary>
    NameTooLong,

    /// <summary>Disable: the zone's DMARC record does not send reports to this service.</summary>
    NotConfigured,
}

/// <summary>A zone's planned or recorded change: the outcome and the DMARC value before and after.</summary>
public sealed record ZoneChange(Outcome Outcome, SkipReason? Reason, string? Detail, string? Before, string? After)
{
    public static ZoneChange Skip(SkipReason reason, string detail, string? before = null) => new(Outcome.Skipped, reason, detail, before, before);

    public static ZoneChange Fail(string error, string? before = null) => new(Outcome.Failed, null, error, before, before);
}
