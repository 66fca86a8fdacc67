using Dmarc.Adapters.Domains;
using Dmarc.Core.Domains;

namespace Dmarc.Adapters.Tests.Domains;

public sealed class TableDomainModesTests
{
    [Fact]
    public async Task A_mode_is_stored_per_domain_with_the_record_from_before_the_block()
    {
        await using var storage = await AzuriteStorage.CreateAsync();
        var modes = new TableDomainModes(storage.Tables, storage.Names);
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var record = "v=DMARC1; p=none; rua=mailto:reports@rua.dmarc-monitor.example; " + new string('x', 9_000);

        await modes.UpsertAsync(new DomainModeSetting("parked.example", "acc_1", DomainMode.Blocked, record, at));

        Assert.Equal(new DomainModeSetting("parked.example", "acc_1", DomainMode.Blocked, record, at), await modes.GetAsync("parked.example"));
        Assert.Null(await modes.GetAsync("other.example"));

        await modes.UpsertAsync(new DomainModeSetting("parked.example", "acc_1", DomainMode.Active, null, at.AddHours(1)));
        Assert.Equal((DomainMode.Active, (string?)null), ((await modes.GetAsync("parked.example"))!.Mode, (await modes.GetAsync("parked.example"))!.RecordBeforeBlock));
    }
}
