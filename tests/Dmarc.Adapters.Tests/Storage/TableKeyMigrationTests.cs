using System.Buffers.Text;
using System.Text;
using Azure.Data.Tables;
using Dmarc.Adapters.Accounts;
using Dmarc.Adapters.Dns;
using Dmarc.Adapters.Monitoring;
using Dmarc.Adapters.Reports;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;

namespace Dmarc.Adapters.Tests.Storage;

public class TableKeyMigrationTests
{
    [Fact]
    public async Task Rows_keyed_the_old_way_are_moved_and_read_by_the_stores_and_a_second_run_moves_nothing()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var dns = new HostedDnsProvider(storage.Tables, storage.Names);
        await dns.CreateZoneAsync("acc_old", new DnsZone("old.example", ZoneKind.Primary, DnssecState.NotSigned));
        await Table(storage, StorageNames.HostedRecords).AddEntityAsync(new TableEntity("old.example", Old("_dmarc.old.example") + "|TXT")
        {
            ["Name"] = "_dmarc.old.example", ["Type"] = "TXT", ["Ttl"] = 300, ["ValuesJson"] = "[\"v=DMARC1; p=none\"]",
        });
        await Table(storage, StorageNames.AccountUsers).AddEntityAsync(new TableEntity("acc_old", Old("owner@old.example"))
        {
            ["Email"] = "owner@old.example", ["Role"] = "Owner", ["AddedAt"] = DateTimeOffset.UnixEpoch,
        });
        await Table(storage, StorageNames.Contributions).AddEntityAsync(new TableEntity("old.example|2023-11-14", "rk|" + Old("192.0.2.1"))
        {
            ["ReportKey"] = "rk", ["SourceIp"] = "192.0.2.1", ["Total"] = 3L,
        });
        await Table(storage, StorageNames.TaskResults).AddEntityAsync(new TableEntity("task_old", "old.example") { ["Outcome"] = "Created", ["At"] = DateTimeOffset.UnixEpoch });
        var migration = new TableKeyMigration(storage.Tables, storage.Names);

        var first = await migration.RunAsync();
        var second = await migration.RunAsync();

        Assert.Equal((1, 1, 1, 1), (first[StorageNames.HostedRecords], first[StorageNames.AccountUsers], first[StorageNames.Contributions], first[StorageNames.TaskResults]));
        Assert.All(second.Values, moved => Assert.Equal(0, moved));
        Assert.Equal(["v=DMARC1; p=none"], Assert.Single(await dns.GetRecordSetsAsync("old.example", "_dmarc.old.example")).Values);
        Assert.Equal("owner@old.example", Assert.Single(await new TableAccountStore(storage.Tables, storage.Names).ListUsersAsync("acc_old")).Email);
        var contribution = Assert.Single(await new TableReportStore(storage.Tables, storage.Blobs, storage.Names).ContributionsAsync("old.example", new DateOnly(2023, 11, 14)));
        Assert.Equal(("192.0.2.1", 3L), (contribution.SourceIp, contribution.Total));
        var tasks = new TableTaskStore(storage.Tables, storage.Names);
        Assert.True((await tasks.GetProgressAsync("task_old", "old.example")).HasResult);
        Assert.Equal("old.example", Assert.Single(await tasks.ListResultsAsync("task_old")).Zone);
    }

    private static string Old(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static TableClient Table(AzuriteStorage storage, string name) => storage.Tables.GetTableClient(storage.Names.Table(name));
}
