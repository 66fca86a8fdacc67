namespace Dmarc.Core.Alerts;

/// <summary>
/// Something an alert reports: what changed (<paramref name="What"/>), for which account, domain and
/// sender, the state before and after, and what the reader should do next. <paramref name="Scope"/>
/// tells apart events of one type and domain that may each fire in a period (the record kind of a
/// record change, the user of a personal MFA change, the change id of a smart alert); <paramref name="At"/>
/// is fixed by the change itself, so two evaluations of the same change build the same event.
/// </summary>
public sealed record AlertEvent(
    AlertType Type,
    string AccountId,
    string? Domain,
    string? Sender,
    string Scope,
    string What,
    string? Before,
    string? After,
    string NextStep,
    DateTimeOffset At)
{
    /// <summary>The record kind of a record alert (DMARC, SPF or DKIM), which picks its subject; null otherwise.</summary>
    public RecordKind? Record { get; init; }

    /// <summary>The one subscription an event is for, when its parameters (band, percentage) decided it; null: every matching subscription.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>The whole e-mail when its producer composed it (the executive report with its charts); null: composed from the facts by <see cref="AlertMessages"/>.</summary>
    public Notifications.EmailMessage? Message { get; init; }

    /// <summary>Who must get a smart alert besides the owners (the user of a personal MFA change).</summary>
    public string? User { get; init; }
}

/// <summary>The DNS records the record alerts watch.</summary>
public enum RecordKind
{
    Dmarc,
    Spf,
    Dkim,
}
