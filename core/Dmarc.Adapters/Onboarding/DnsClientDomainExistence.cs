using System.Net;
using Dmarc.Core.Onboarding;
using DnsClient;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Onboarding;

/// <summary>Public DNS reads (section <c>DnsLookup</c>): the system's resolvers unless name servers are given.</summary>
public sealed class DnsLookupOptions
{
    public const string Section = "DnsLookup";

    /// <summary>Name servers as "address" or "address:port", e.g. "127.0.0.1:5300" for a local PowerDNS.</summary>
    public IList<string> NameServers { get; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    public LookupClient CreateClient()
    {
        var servers = NameServers.Select(Parse).ToArray();
        var options = servers.Length == 0 ? new LookupClientOptions() : new LookupClientOptions(servers);
        options.UseCache = false;
        options.Timeout = Timeout;
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        return new LookupClient(options);
    }

    /// <summary>Checked at start (ValidateOnStart), so a bad entry stops the app instead of failing the first lookup.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var server in NameServers.Where(s => Endpoint(s) is null))
        {
            yield return $"DnsLookup:NameServers: '{server}' is not an address or address:port.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromSeconds(30))
        {
            yield return $"DnsLookup:Timeout must be more than 0 and at most 30 seconds, got {Timeout}.";
        }
    }

    private static IPEndPoint? Endpoint(string? server) =>
        !string.IsNullOrWhiteSpace(server) && IPEndPoint.TryParse(server.Contains(':', StringComparison.Ordinal) ? server : server + ":53", out var endpoint) && endpoint.Port != 0
            ? endpoint
            : null;

    private static NameServer Parse(string server) =>
        Endpoint(server) is { } endpoint
            ? new NameServer(endpoint)
            : throw new OptionsValidationException(Section, typeof(DnsLookupOptions), [$"DnsLookup:NameServers: '{server}' is not an address or address:port."]);
}

/// <summary>A domain exists when DNS answers its SOA or NS query with records.</summary>
public sealed class DnsClientDomainExistence(IOptions<DnsLookupOptions> options) : IDomainExistence
{
    private readonly Lazy<LookupClient> _client = new(() => options.Value.CreateClient());

    public async Task<bool> ExistsAsync(string domain, CancellationToken cancellationToken = default)
    {
        foreach (var type in new[] { QueryType.SOA, QueryType.NS })
        {
            var answer = await _client.Value.QueryAsync(domain, type, cancellationToken: cancellationToken);
            if (!answer.HasError && answer.Answers.Count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
