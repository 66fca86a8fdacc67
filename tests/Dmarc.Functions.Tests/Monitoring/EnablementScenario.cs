using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>A zone per eligibility case, with the outcome enablement must give it.</summary>
public static class EnablementScenario
{
    public const string Ours = "mailto:" + DmarcAppFactory.ReportingMailbox;

    /// <summary>Creates the zones and returns zone → (outcome, skip reason, DMARC value expected afterwards).</summary>
    public static async Task<Dictionary<string, (string Outcome, string? Reason, string? After)>> CreateAsync(MonitoringApp app)
    {
        var expected = new Dictionary<string, (string, string?, string?)>();

        async Task<string> Zone(string label, ZoneKind kind = ZoneKind.Primary, DnssecState dnssec = DnssecState.NotSigned)
        {
            var zone = app.Domain(label);
            await app.CreateZoneAsync(zone, kind, dnssec);
            return zone;
        }

        var none = await Zone("none");
        expected[none] = ("Created", null, $"v=DMARC1; p=none; rua={Ours}");

        var spfOnly = await Zone("spfonly");
        await app.PutAsync(spfOnly, "_dmarc", "TXT", "v=spf1 -all");
        expected[spfOnly] = ("Created", null, $"v=DMARC1; p=none; rua={Ours}");

        var noRua = await Zone("norua");
        await app.PutAsync(noRua, "_dmarc", "TXT", "v=DMARC1; p=reject; adkim=s");
        expected[noRua] = ("Updated", null, $"v=DMARC1; p=reject; adkim=s; rua={Ours}");

        var withRua = await Zone("withrua");
        await app.PutAsync(withRua, "_dmarc", "TXT", "v=DMARC1; p=quarantine; rua=mailto:a@x.example!10m; pct=50");
        expected[withRua] = ("Updated", null, $"v=DMARC1; p=quarantine; rua=mailto:a@x.example!10m,{Ours}; pct=50");

        var already = await Zone("already");
        await app.PutAsync(already, "_dmarc", "TXT", $"v=DMARC1; p=none; rua={Ours}");
        expected[already] = ("Skipped", "AlreadyConfigured", $"v=DMARC1; p=none; rua={Ours}");

        var two = await Zone("two");
        await app.PutAsync(two, "_dmarc", "TXT", "v=DMARC1; p=none", "v=DMARC1; p=reject");
        expected[two] = ("Skipped", "MultipleDmarcRecords", null);

        var pool = await Zone("pool");
        if (app.Kind == DnsProviderKind.PowerDns)
        {
            // Accounts cannot write LUA; the operator's pool is made straight through the PowerDNS API.
            await Dmarc.Tests.Shared.PowerDns.PutRrsetAsync(pool, "_dmarc." + pool, "LUA", "TXT \"'v=DMARC1; p=none'\"");
            expected[pool] = ("Skipped", "InPool", null);
        }
        else
        {
            await app.Dns.UpsertRecordSetAsync(pool, new RecordSet("_dmarc." + pool, "TXT", 60, ["v=DMARC1; p=none"], "geo-eu"));
            expected[pool] = ("Skipped", "InPool", "v=DMARC1; p=none");
        }

        expected[await Zone("secondary", ZoneKind.Secondary)] = ("Skipped", "SecondaryZone", null);
        if (app.Kind == DnsProviderKind.Hosted)
        {
            expected[await Zone("alias", ZoneKind.Alias)] = ("Skipped", "AliasZone", null);
        }

        expected[await Zone("presigned", dnssec: DnssecState.Presigned)] = ("Skipped", "UnsupportedDnssec", null);
        var signed = await Zone("signed", dnssec: DnssecState.PlatformSigned);
        expected[signed] = ("Created", null, $"v=DMARC1; p=none; rua={Ours}");

        var cname = await Zone("cname");
        await app.PutAsync(cname, "_dmarc", "CNAME", "dmarc.vendor.example.");
        expected[cname] = ("Skipped", "Delegated", null);

        var invalid = await Zone("invalid");
        await app.PutAsync(invalid, "_dmarc", "TXT", "v=DMARC1; p=block");
        expected[invalid] = ("Skipped", "InvalidRecord", "v=DMARC1; p=block");
        return expected;
    }
}
