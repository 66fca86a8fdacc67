using Dmarc.Core.Dns;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Domains;

/// <summary>How domain statuses are read (section <c>DomainStatus</c>).</summary>
public sealed class DomainStatusOptions
{
    public const string Section = "DomainStatus";

    /// <summary>
    /// The service's name servers, as host names (e.g. ns1.dmarc-monitor.example): a domain whose
    /// <c>_dmarc</c> is delegated by NS to these, and only these, is Active.
    /// </summary>
    public IList<string> NameServers { get; } = [];

    /// <summary>How long one domain's DNS reads may take before its status is Unknown.</summary>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many domains a listing looks up at once.</summary>
    public int LookupsAtOnce { get; set; } = 8;

    /// <summary>The service's name servers, normalised (lower case, no trailing dot).</summary>
    /// <summary>The name servers set, empty slots left out.</summary>
    public IReadOnlyList<string> ConfiguredNameServers => [.. NameServers.Where(n => !string.IsNullOrWhiteSpace(n))];

    public IReadOnlySet<string> ServiceNameServers =>
        ConfiguredNameServers.Select(n => DnsNames.Normalize(n.TrimEnd('.'))).OfType<string>().ToHashSet(StringComparer.Ordinal);
}

public sealed class DomainStatusOptionsValidator : IValidateOptions<DomainStatusOptions>
{
    public ValidateOptionsResult Validate(string? name, DomainStatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        // An empty entry is an unused slot (the deployment template always sets four) and is ignored.
        if (!options.NameServers.Any(n => !string.IsNullOrWhiteSpace(n)))
        {
            failures.Add("DomainStatus:NameServers must list the service's name servers (DomainStatus:NameServers:0, :1, ...), e.g. ns1.dmarc-monitor.example.");
        }

        failures.AddRange(options.NameServers
            .Where(n => !string.IsNullOrWhiteSpace(n) && !DnsNames.IsDomain(n.TrimEnd('.')))
            .Select(n => $"DomainStatus:NameServers: '{n}' is not a host name."));
        if (options.LookupTimeout <= TimeSpan.Zero || options.LookupTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"DomainStatus:LookupTimeout must be more than 0 and at most 30 seconds, got {options.LookupTimeout}.");
        }

        if (options.LookupsAtOnce is < 1 or > 64)
        {
            failures.Add($"DomainStatus:LookupsAtOnce must be 1 to 64, got {options.LookupsAtOnce}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
