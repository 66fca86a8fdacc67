using System.Net;
using System.Net.Http.Json;

namespace Dmarc.Tests.Shared;

/// <summary>
/// Reverse zones (one per address, so no other test's zone is touched) and forward zones in the
/// local PowerDNS, created through its API for sender lookups: real PTR, A and AAAA answers.
/// Deletes what it created.
/// </summary>
internal sealed class SenderDnsZones : IAsyncDisposable
{
    private readonly List<string> _zones = [];

    /// <summary>The ip6.arpa or in-addr.arpa name of an address.</summary>
    public static string ReverseName(string ip)
    {
        var address = IPAddress.Parse(ip);
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? string.Join('.', bytes.Reverse().SelectMany(b => new[] { b & 0xF, b >> 4 }).Select(n => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture))) + ".ip6.arpa"
            : string.Join('.', bytes.Reverse()) + ".in-addr.arpa";
    }

    /// <summary>A zone for one address's reverse name whose apex holds the PTR name.</summary>
    public Task PtrAsync(string ip, string name) => ZoneAsync(ReverseName(ip), (ReverseName(ip), "PTR", name + "."));

    /// <summary>A forward zone with records (name, type, content).</summary>
    public async Task ZoneAsync(string zone, params (string Name, string Type, string Content)[] records)
    {
        using var http = PowerDns.Api();
        var body = new
        {
            name = zone + ".",
            kind = "Native",
            nameservers = new[] { "ns1.dns-host.example." },
            rrsets = records.GroupBy(r => (r.Name, r.Type)).Select(g => new
            {
                name = g.Key.Name + ".",
                type = g.Key.Type,
                ttl = 60,
                records = g.Select(r => new { content = r.Content, disabled = false }).ToArray(),
            }).ToArray(),
        };
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync("api/v1/servers/localhost/zones", body);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                // Left over from an interrupted run of this test: start again from nothing.
                await PowerDns.DeleteZoneAsync(zone);
                continue;
            }

            if (response.IsSuccessStatusCode || (int)response.StatusCode < 500 || attempt == 8)
            {
                response.EnsureSuccessStatusCode();
                _zones.Add(zone);
                return;
            }

            // SQLite may answer 500 "database is locked" while other test assemblies write.
            await Task.Delay(100 * attempt);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var zone in _zones)
        {
            await PowerDns.DeleteZoneAsync(zone);
        }
    }
}
