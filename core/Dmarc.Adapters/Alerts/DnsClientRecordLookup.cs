using Dmarc.Adapters.Onboarding;
using Dmarc.Core.Alerts;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Alerts;

/// <summary>TXT reads of the record alerts through the configured resolvers (<see cref="DnsLookupOptions"/>): NXDOMAIN or no TXT is "no record", any other error or a timeout is a failure (null).</summary>
public sealed class DnsClientRecordLookup(IOptions<DnsLookupOptions> options) : IRecordLookup
{
    private readonly Lazy<LookupClient> _client = new(() => options.Value.CreateClient());

    public async Task<IReadOnlyList<string>?> TxtAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await _client.Value.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken);
            if (answer.HasError && answer.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            {
                return null;
            }

            return answer.Answers.TxtRecords().Where(r => r.DomainName.Value.TrimEnd('.').Equals(name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
                .Select(r => string.Concat(r.Text)).ToArray();
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }
}
