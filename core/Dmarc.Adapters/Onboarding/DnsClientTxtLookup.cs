using Dmarc.Core.Onboarding;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Onboarding;

/// <summary>TXT records through the configured resolvers (<see cref="DnsLookupOptions"/>); none when the name does not resolve.</summary>
public sealed class DnsClientTxtLookup(IOptions<DnsLookupOptions> options) : ITxtLookup
{
    private readonly Lazy<LookupClient> _client = new(() => options.Value.CreateClient());

    public async Task<IReadOnlyList<string>> GetTxtAsync(string name, CancellationToken cancellationToken = default)
    {
        var answer = await _client.Value.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken);
        return answer.HasError
            ? []
            : answer.Answers.OfType<TxtRecord>().Select(r => string.Concat(r.Text)).ToArray();
    }
}
