using Dmarc.Core.Dns;
using Dmarc.Core.Records;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Monitoring;

/// <summary>Where reports go and where people read them (section <c>Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>The aggregate report address added to rua, e.g. mailto:reports@rua.monitor.example.</summary>
    public string ReportingAddress { get; set; } = "";

    /// <summary>The service's reporting zone, where the RFC 7489 §7.1 authorisation records go.</summary>
    public string ReportingDomain { get; set; } = "";

    /// <summary>Where account owners read their reports; linked from notifications.</summary>
    public Uri? ReportingUiUrl { get; set; }

    /// <summary>How long an account stays locked by a task that stopped without finishing.</summary>
    public TimeSpan TaskLockTimeout { get; set; } = TimeSpan.FromHours(6);

    public DmarcUri ReportingUri => DmarcUri.TryParse(ReportingAddress) ?? throw new InvalidOperationException("Monitoring:ReportingAddress is not valid.");
}

public sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (DmarcUri.TryParse(options.ReportingAddress) is not { } uri || !uri.Uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Monitoring:ReportingAddress must be a mailto: URI such as 'mailto:reports@rua.example.net', got '{options.ReportingAddress}'.");
        }

        if (!DnsNames.IsDomain(options.ReportingDomain))
        {
            failures.Add($"Monitoring:ReportingDomain must be the domain of the reporting zone, got '{options.ReportingDomain}'.");
        }

        if (options.ReportingUiUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Monitoring:ReportingUiUrl must be the absolute URL where customers read their reports.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
