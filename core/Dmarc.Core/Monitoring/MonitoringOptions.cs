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

    /// <summary>Optional: the public base URL of this HTTP API (e.g. https://dmarc.example.net/); task e-mails link the task's full zone list under it, else they name the API path.</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>How long an account stays locked by a task that stopped without finishing.</summary>
    public TimeSpan TaskLockTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a task may wait for its first dispatch to finish before a sweep queues its zones again.</summary>
    public TimeSpan DispatchGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a dispatched task may go without a new zone outcome before a sweep resumes it.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a sweep re-queues a stuck task's zones before it fails them and finishes the task.</summary>
    public int MaxResumes { get; set; } = 3;

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

        if (options.ApiUrl is { IsAbsoluteUri: false })
        {
            failures.Add("Monitoring:ApiUrl, when set, must be the absolute base URL of the HTTP API.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
