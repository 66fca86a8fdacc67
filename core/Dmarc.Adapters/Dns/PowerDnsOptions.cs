namespace Dmarc.Adapters.Dns;

/// <summary>The PowerDNS Authoritative HTTP API (section <c>PowerDns</c>).</summary>
public sealed class PowerDnsOptions
{
    public const string Section = "PowerDns";

    public Uri? ApiUrl { get; set; }

    public string ApiKey { get; set; } = "";

    public string ServerId { get; set; } = "localhost";

    /// <summary>
    /// The kind of primary zones the service creates: "Master" (the default; PowerDNS sends NOTIFY
    /// to the zone's secondaries after each change, with <c>primary=yes</c> on the server) or "Native"
    /// (replicated by the database, no NOTIFY).
    /// </summary>
    public string PrimaryKind { get; set; } = "Master";

    /// <summary>The apex NS set of zones the service creates (absolute names), e.g. ns1.dns-host.example.</summary>
    public IReadOnlyList<string> Nameservers { get; set; } = [];

    /// <summary>Primary servers given to secondary (Slave) zones created through the API.</summary>
    public IReadOnlyList<string> SecondaryPrimaries { get; set; } = ["192.0.2.1"];
}
