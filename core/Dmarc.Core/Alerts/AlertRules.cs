using Dmarc.Core.Accounts;

namespace Dmarc.Core.Alerts;

/// <summary>What each alert type is, which editions have it (PRODUCT.md §5, exactly as its table), and which parameters it takes.</summary>
public sealed record AlertRule(AlertType Type, AlertKind Kind, IReadOnlySet<Edition> Editions, AlertParameters Parameters)
{
    private static readonly Edition[] All = [Edition.Monitor, Edition.Premium, Edition.Enterprise];

    public static IReadOnlyDictionary<AlertType, AlertRule> ByType { get; } = new[]
    {
        Smart(AlertType.MfaChange, All),
        Smart(AlertType.SsoChange, All),
        Smart(AlertType.DomainAdded, All),
        Smart(AlertType.DomainDeleted, All),
        Smart(AlertType.PossibleInternalSender, [Edition.Premium, Edition.Enterprise]),
        Configurable(AlertType.SenderDmarcRate, [Edition.Monitor, Edition.Enterprise], AlertParameters.Sender | AlertParameters.Band),
        Configurable(AlertType.NewServices, [Edition.Monitor, Edition.Enterprise], AlertParameters.None),
        Configurable(AlertType.SuspiciousSending, [Edition.Monitor, Edition.Enterprise], AlertParameters.Percentage),
        Configurable(AlertType.DmarcPolicyUpdate, [Edition.Enterprise], AlertParameters.None),
        Configurable(AlertType.RecordConfigurationChange, [Edition.Enterprise], AlertParameters.None),
        Configurable(AlertType.ExecutiveReportReady, [Edition.Enterprise], AlertParameters.None),
    }.ToDictionary(r => r.Type);

    /// <summary>The cadences a subscription of this type may choose; the executive report comes weekly or monthly.</summary>
    public IReadOnlyList<AlertCadence> Cadences =>
        Type == AlertType.ExecutiveReportReady ? [AlertCadence.Weekly, AlertCadence.Monthly] : [AlertCadence.Daily, AlertCadence.Weekly, AlertCadence.Monthly];

    /// <summary>The first edition, in order, that has the alert (for "available in ..." answers).</summary>
    public Edition LowestEdition => All.First(Editions.Contains);

    private static AlertRule Smart(AlertType type, Edition[] editions) => new(type, AlertKind.Smart, editions.ToHashSet(), AlertParameters.None);

    private static AlertRule Configurable(AlertType type, Edition[] editions, AlertParameters parameters) => new(type, AlertKind.Configurable, editions.ToHashSet(), parameters);
}

/// <summary>The parameters a type requires besides e-mail, domain and cadence.</summary>
[Flags]
public enum AlertParameters
{
    None = 0,
    Sender = 1,
    Band = 2,
    Percentage = 4,
}
