using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Dmarc.Core.Rollup;
using Dmarc.Core.Senders;
using Dmarc.Functions.Tests.Senders;
using Dmarc.Functions.Tests.Triggers;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dmarc.Functions.Tests.Operations;

/// <summary>
/// Classifications record the catalogue version that made them; an app started with a changed
/// catalogue file classifies again, in its ReclassifySenders timer, what the old version classified,
/// and the rollup recomputes the days that counted the old senders. All against Azurite.
/// </summary>
[Collection(PowerDnsTests.Name)]
public sealed class CatalogueVersionTests
{
    private const string Domain = "reclass.example";
    private const long Begin = 1764547200; // 2025-12-01T00:00:00Z

    private static readonly SenderRow[] Rows =
    [
        new("192.0.2.10", 50, [(Domain, "pass"), ("newmail-test.example", "pass")], (Domain, "pass"), Domain),
        new("192.0.2.11", 5, [], (Domain, "fail"), Domain),
    ];

    [Fact]
    public async Task A_changed_catalogue_reclassifies_what_the_old_version_classified_and_the_rollup_follows_once()
    {
        await using var before = new DmarcAppFactory();
        (await TriggerPayloads.IngestAsync(before.CreateClient(), "reclass.xml", SenderReports.Xml("reclass-1", Domain, Begin, Rows))).EnsureSuccessStatusCode();
        await SenderClassificationTests.DrainAsync(before);
        (await TriggerPayloads.PostAsync(before.CreateClient(), "RollupTimer", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();
        var old = await before.Services.GetRequiredService<ISenderClassifications>().ListAsync(Domain);
        Assert.All(old, c => Assert.Equal((SenderCatalogue.Default.Version, "unidentified"), (c.CatalogueVersion, c.SenderId)));
        Assert.Equal(["unidentified"], await SendersOnTheDayAsync(before));

        var changed = WithService("newmail", "NewMail", "newmail-test.example");
        Assert.NotEqual(SenderCatalogue.Default.Version, changed.Version);
        await using var after = new DmarcAppFactory(
            new() { ["Storage:ResourcePrefix"] = before.Prefix },
            services => services.Replace(ServiceDescriptor.Singleton(changed)));
        (await TriggerPayloads.PostAsync(after.CreateClient(), "ReclassifySenders", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();

        var now = (await after.Services.GetRequiredService<ISenderClassifications>().ListAsync(Domain)).ToDictionary(c => c.Ip);
        Assert.Equal((changed.Version, SenderClass.Service, "service_newmail"), (now["192.0.2.10"].CatalogueVersion, now["192.0.2.10"].Class, now["192.0.2.10"].SenderId));
        Assert.Equal((changed.Version, "unidentified"), (now["192.0.2.11"].CatalogueVersion, now["192.0.2.11"].SenderId));
        Assert.Equal([("2025-12-01", RollupMark.Reclassified)], await MarksAsync(before));
        (await TriggerPayloads.PostAsync(after.CreateClient(), "RollupTimer", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();
        Assert.Equal(["service_newmail", "unidentified"], await SendersOnTheDayAsync(after));

        // The new version's rows are not taken up again: a second run writes nothing.
        var settled = await StorageSnapshot.TakeAsync(before.Prefix);
        (await TriggerPayloads.PostAsync(after.CreateClient(), "ReclassifySenders", TriggerPayloads.Timer(false))).EnsureSuccessStatusCode();
        Assert.Equal(settled.Where(NotARecordOfTheCall), (await StorageSnapshot.TakeAsync(before.Prefix)).Where(NotARecordOfTheCall));
    }

    [Fact]
    public void The_version_is_the_hash_of_both_files_and_follows_every_change()
    {
        var services = File.ReadAllText(CatalogueFile("sending-services.json"));
        var networks = File.ReadAllText(CatalogueFile("hosting-networks.json"));

        Assert.Equal(SenderCatalogue.Default.Version, SenderCatalogue.Parse(services, networks).Version);
        Assert.Matches("^[0-9a-f]{16}$", SenderCatalogue.Default.Version);
        Assert.NotEqual(SenderCatalogue.Default.Version, SenderCatalogue.Parse(services + "\n", networks).Version);
        Assert.NotEqual(SenderCatalogue.Default.Version, SenderCatalogue.Parse(services, networks + "\n").Version);
    }

    private static bool NotARecordOfTheCall(string line) => !line.StartsWith("table timerruns:", StringComparison.Ordinal);

    private static string CatalogueFile(string name) => Path.Combine(RepoPaths.Root, "core", "Dmarc.Core", "Senders", name);

    /// <summary>The shipped catalogue with one more service, recognised by its DKIM domain.</summary>
    private static SenderCatalogue WithService(string id, string name, string dkimDomain)
    {
        var services = JsonNode.Parse(File.ReadAllText(CatalogueFile("sending-services.json")))!;
        services["services"]!.AsArray().Add(new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["category"] = "transactional",
            ["reverseDnsDomains"] = new JsonArray(),
            ["dkimDomains"] = new JsonArray(dkimDomain),
            ["spfDomains"] = new JsonArray(),
            ["asns"] = new JsonArray(),
            ["sources"] = new JsonArray("https://docs.newmail-test.example/dkim"),
        });
        return SenderCatalogue.Parse(services.ToJsonString(), File.ReadAllText(CatalogueFile("hosting-networks.json")));
    }

    private static async Task<string[]> SendersOnTheDayAsync(DmarcAppFactory app)
    {
        var day = Assert.Single(await app.Services.GetRequiredService<IRollupStore>().DaysAsync(Domain, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 1)));
        return [.. day.Senders.Select(s => s.SenderId).Order(StringComparer.Ordinal)];
    }

    private static async Task<List<(string Day, string Source)>> MarksAsync(DmarcAppFactory app)
    {
        var marks = new List<(string, string)>();
        await foreach (var row in new TableClient(Azurite.ConnectionString, app.Names.Table("rollupmarks")).QueryAsync<TableEntity>())
        {
            marks.Add((row.GetString("Day") ?? row.RowKey, row.GetString("Source") ?? row.RowKey));
        }

        return marks;
    }
}
