using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dmarc.Core.Telemetry;

/// <summary>
/// The app's traces and metrics, under one name ("Dmarc") for the ActivitySource and the Meter, read by
/// OpenTelemetry (the Functions app exports them; see TelemetrySetup). Tag values are small fixed sets,
/// never domains or addresses, so the metrics keep a bounded cardinality.
/// </summary>
public static class DmarcTelemetry
{
    public const string Name = "Dmarc";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Documents ingested (stored as reports), by format.</summary>
    public static readonly Counter<long> DocumentsIngested = Meter.CreateCounter<long>("dmarc.documents.ingested", "{document}", "Inbound documents stored as reports");

    /// <summary>Report records stored.</summary>
    public static readonly Counter<long> Records = Meter.CreateCounter<long>("dmarc.records", "{record}", "Aggregate report records stored");

    /// <summary>Documents quarantined, by reason (a <c>QuarantineKind</c>).</summary>
    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>("dmarc.documents.rejected", "{document}", "Inbound documents quarantined, by reason");

    /// <summary>DNS writes, by provider and outcome (written, refused, failed).</summary>
    public static readonly Counter<long> DnsWrites = Meter.CreateCounter<long>("dmarc.dns.writes", "{write}", "DNS writes at the provider, by outcome");

    /// <summary>Alerts handed to delivery (one per recipient), by alert type.</summary>
    public static readonly Counter<long> AlertsSent = Meter.CreateCounter<long>("dmarc.alerts.sent", "{alert}", "Alerts delivered to a recipient");

    /// <summary>E-mails the SMTP server accepted.</summary>
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("dmarc.emails.sent", "{email}", "E-mails accepted by the SMTP server");

    /// <summary>E-mails the SMTP server did not take; each stays pending and is tried again by SendOutbox.</summary>
    public static readonly Counter<long> EmailsRetried = Meter.CreateCounter<long>("dmarc.emails.retried", "{email}", "E-mails left pending to be tried again");

    /// <summary>Reverse-DNS facts asked for, by whether the cache answered (hit) or a lookup was made (miss).</summary>
    public static readonly Counter<long> ReverseDnsLookups = Meter.CreateCounter<long>("dmarc.reverse_dns.lookups", "{lookup}", "Reverse-DNS facts, by cache hit or miss");

    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
