using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Dns;

public enum DnsProviderKind
{
    Hosted,
    PowerDns,
}

/// <summary>Which DNS provider holds customers' zones, and which holds the reporting zone (section <c>Dns</c>).</summary>
public sealed class DnsOptions
{
    public const string Section = "Dns";

    public DnsProviderKind Provider { get; set; } = DnsProviderKind.Hosted;

    public DnsProviderKind ReportingProvider { get; set; } = DnsProviderKind.Hosted;
}

public sealed class DnsOptionsValidator(IOptions<PowerDnsOptions> powerDns) : IValidateOptions<DnsOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != DnsProviderKind.PowerDns && options.ReportingProvider != DnsProviderKind.PowerDns)
        {
            return ValidateOptionsResult.Success;
        }

        var pdns = powerDns.Value;
        var failures = new List<string>();
        if (pdns.ApiUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("PowerDns:ApiUrl must be the absolute URL of the PowerDNS HTTP API, e.g. http://127.0.0.1:8081/.");
        }

        if (string.IsNullOrWhiteSpace(pdns.ApiKey))
        {
            failures.Add("PowerDns:ApiKey is required when a PowerDNS provider is configured.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The provider chosen for the reporting zone.</summary>
public sealed record ReportingDnsProvider(IDnsProvider Provider) : IReportingDnsProvider;
