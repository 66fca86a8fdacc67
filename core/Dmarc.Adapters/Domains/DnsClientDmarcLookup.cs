using Dmarc.Adapters.Onboarding;
using Dmarc.Core.Dns;
using Dmarc.Core.Domains;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Domains;

/// <summary>
/// Reads <c>_dmarc.&lt;domain&gt;</c> through the configured resolvers (<see cref="DnsLookupOptions"/>,
/// with its timeout and retry). NS records count from the answer (a resolver, or the delegated
/// zone's own servers) and from the authority section (a referral from the parent's servers).
/// NXDOMAIN and an empty answer are answers; SERVFAIL, REFUSED and timeouts are errors.
/// </summary>
public sealed class DnsClientDmarcLookup(IOptions<DnsLookupOptions> options) : IDmarcDnsLookup
{
    private readonly Lazy<LookupClient> _client = new(() => options.Value.CreateClient());

    public async Task<DmarcDnsAnswer> LookupAsync(string domain, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.DmarcName(domain);
        try
        {
            var ns = await _client.Value.QueryAsync(name, QueryType.NS, cancellationToken: cancellationToken);
            if (Error(ns) is { } nsError)
            {
                return DmarcDnsAnswer.Failed(nsError);
            }

            var txt = await _client.Value.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken);
            if (Error(txt) is { } txtError)
            {
                return DmarcDnsAnswer.Failed(txtError);
            }

            var delegation = ns.Answers.Concat(ns.Authorities).OfType<NsRecord>()
                .Where(r => DnsNames.Normalize(r.DomainName.Value.TrimEnd('.')) == name)
                .Select(r => r.NSDName.Value.TrimEnd('.').ToLowerInvariant())
                .Distinct()
                .ToArray();
            var values = txt.Answers.OfType<TxtRecord>().Where(r => DnsNames.Normalize(r.DomainName.Value.TrimEnd('.')) == name).Select(r => string.Concat(r.Text)).ToArray();
            return new DmarcDnsAnswer(delegation, values);
        }
        catch (DnsResponseException ex)
        {
            return DmarcDnsAnswer.Failed($"{ex.Code}: {ex.DnsError}");
        }
    }

    private static string? Error(IDnsQueryResponse response) =>
        !response.HasError || response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
            ? null
            : $"the name server answered {response.Header.ResponseCode} ({response.ErrorMessage}).";
}
