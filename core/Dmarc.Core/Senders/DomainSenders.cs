namespace Dmarc.Core.Senders;

/// <summary>The pass-rate band of PRODUCT.md §4: Passing 95-100 %, Partially passing 51-94 %, Failing 0-50 %.</summary>
public enum PassBand
{
    Passing,
    PartiallyPassing,
    Failing,
}

/// <summary>Messages from one country.</summary>
public sealed record CountryVolume(string Country, long Messages);

/// <summary>Message counts and the rates made from them (percentages with one decimal).</summary>
public sealed record SenderVolume(long Messages, long DmarcPass, long SpfAlignedPass, long DkimAlignedPass)
{
    public static SenderVolume Zero { get; } = new(0, 0, 0, 0);

    public double DmarcPassRate => Rate(DmarcPass);

    public double SpfAlignedRate => Rate(SpfAlignedPass);

    public double DkimAlignedRate => Rate(DkimAlignedPass);

    /// <summary>Decided on the exact ratio (see <see cref="Rollup.PassBands"/>): 94.96 % shows as 95.0 % and is Partially passing.</summary>
    public PassBand Band => Rollup.PassBands.Of(DmarcPass, Messages);

    public SenderVolume Add(SenderVolume other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Messages + other.Messages, DmarcPass + other.DmarcPass, SpfAlignedPass + other.SpfAlignedPass, DkimAlignedPass + other.DkimAlignedPass);
    }

    private double Rate(long part) => Messages == 0 ? 0 : Math.Round(100.0 * part / Messages, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// One row of the senders list: a service, a forwarder, a hosted-server IP or all unidentified traffic.
/// </summary>
/// <param name="Id">The sender id the approve and deny actions take ("service_sendgrid", "hosted_192.0.2.1").</param>
/// <param name="Kind">Which kind of sender.</param>
/// <param name="Name">What users read: the service, the forwarder's organisation, the hosting network.</param>
/// <param name="Category">The service's category (services only).</param>
/// <param name="Ip">The address (hosted servers only).</param>
/// <param name="Country">The address's country (hosted servers only).</param>
/// <param name="Asn">The address's AS (hosted servers only).</param>
/// <param name="Volume">Messages and rates over the window.</param>
/// <param name="Ips">How many source IPs.</param>
/// <param name="TopCountries">The countries with the most messages, at most five.</param>
/// <param name="Decision">The owner's decision, if any.</param>
public sealed record SenderSummary(
    string Id,
    SenderClass Kind,
    string Name,
    SenderCategory? Category,
    string? Ip,
    string? Country,
    uint? Asn,
    SenderVolume Volume,
    int Ips,
    IReadOnlyList<CountryVolume> TopCountries,
    SenderDecision? Decision)
{
    /// <summary>The sender's figures from the latest rollup (the rolling 30-day window); null when the rollup has not counted it yet.</summary>
    public Rollup.SenderRollup? Rollup { get; init; }

    /// <summary>In the answer to approve or deny only: the change of the domain's SPF record the decision made (or, in a dry run, would make).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Spf.SpfChange? Spf { get; init; }

    /// <summary>In the answer to approve or deny only: why SPF was not changed, when it was not.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? SpfNote { get; init; }

    /// <summary>In the answer to approve or deny only: true when nothing was written.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? DryRun { get; init; }
}

/// <summary>Everything that sent as a domain over a window of days, grouped as the product shows it.</summary>
/// <param name="AwaitingClassification">IPs whose lookup has not run yet; they are counted as unidentified until it does.</param>
public sealed record DomainSenders(
    string Domain,
    DateOnly From,
    DateOnly To,
    SenderVolume Volume,
    IReadOnlyList<SenderSummary> Services,
    IReadOnlyList<SenderSummary> Forwarders,
    IReadOnlyList<SenderSummary> HostedServers,
    SenderSummary Unidentified,
    int AwaitingClassification)
{
    /// <summary>The whole domain's figures from the latest rollup (the rolling 30-day window ending on <see cref="To"/>).</summary>
    public Rollup.SenderRollup? Rollup { get; init; }
}
