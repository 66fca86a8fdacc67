using System.Net;
using System.Net.Sockets;
using Dmarc.Adapters.Onboarding;
using Dmarc.Core.Dns;
using Dmarc.Core.Senders;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Senders;

/// <summary>
/// Reverse DNS through DnsClient and the configured name servers (<see cref="DnsLookupOptions"/>):
/// the PTR names of the address (at most <see cref="MaxNames"/>), and the first whose A or AAAA
/// records include the address is the confirmed name. NXDOMAIN or no PTR is <c>None</c>; a refused
/// or failed query or a timeout is <c>Failed</c>.
/// </summary>
public sealed class DnsClientReverseDns(IOptions<DnsLookupOptions> options) : IReverseDns
{
    public const int MaxNames = 3;
    private readonly Lazy<LookupClient> _client = new(() => options.Value.CreateClient());

    public async Task<ReverseDnsResult> LookupAsync(string ip, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(ip, out var address))
        {
            return ReverseDnsResult.None;
        }

        try
        {
            var reverse = await _client.Value.QueryReverseAsync(address, cancellationToken);
            if (reverse.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return ReverseDnsResult.None;
            }

            if (reverse.HasError)
            {
                return ReverseDnsResult.Failed;
            }

            var names = reverse.Answers.PtrRecords().Select(p => DnsNames.Normalize(p.PtrDomainName.Value.TrimEnd('.'))).OfType<string>().Distinct().Take(MaxNames).ToArray();
            if (names.Length == 0)
            {
                return ReverseDnsResult.None;
            }

            var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? QueryType.AAAA : QueryType.A;
            foreach (var name in names)
            {
                var forward = await _client.Value.QueryAsync(name, type, cancellationToken: cancellationToken);
                var addresses = forward.Answers.OfType<AddressRecord>().Select(a => a.Address);
                if (addresses.Any(a => a.Equals(address)))
                {
                    return new ReverseDnsResult(ReverseDnsStatus.Confirmed, name);
                }
            }

            return new ReverseDnsResult(ReverseDnsStatus.Unconfirmed, names[0]);
        }
        catch (DnsResponseException)
        {
            return ReverseDnsResult.Failed;
        }
    }
}
