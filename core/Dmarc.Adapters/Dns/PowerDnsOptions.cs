namespace Dmarc.Adapters.Dns;

/// <summary>The PowerDNS Authoritative HTTP API (section <c>PowerDns</c>).</summary>
public sealed class PowerDnsOptions
{
    public const string Section = "PowerDns";

    public Uri? ApiUrl { get; set; }

    public string ApiKey { get; set; } = "";

    public string ServerId { get; set; } = "localhost";

    /// <summary>Primary servers given to secondary (Slave) zones created through the API.</summary>
    public IReadOnlyList<string> SecondaryPrimaries { get; set; } = ["192.0.2.1"];
}
